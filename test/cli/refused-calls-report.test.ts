/**
 * Regression (issue #10): a refused call showed only "(denied)" and the run still ended "done", exit 0. Now a
 * refusal says why and how to allow it (a rules.toml rule, a mode or sandbox) in the human output, the
 * `tool_call_finished` event (`refusal`) and the model's result; the run's summary counts it
 * (`turn_finished.refused`) and exec exits 3. Unknown commands stay refused in auto where no sandbox with
 * network off contains them, and the suggested rule, pasted, lets the command run.
 */
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ToolCallFinishedEvent } from "../../src/protocol/events.ts";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { parseEvents, runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();

const call = (name: string, args: Record<string, unknown>) => ({
  kind: "reply" as const,
  toolCalls: [{ name, arguments: args }],
});

type Refusal = NonNullable<ToolCallFinishedEvent["refusal"]>;
const finishedCalls = (stdout: string) =>
  parseEvents(stdout).filter((e) => e.type === "tool_call_finished") as unknown as ToolCallFinishedEvent[];

async function scriptProject() {
  const ws = await cli.workspace();
  await writeFile(join(ws.cwd, "run_tests.py"), 'open("py.txt", "w").write("ran")\n');
  return ws;
}

describe("refused tool calls are reported, with how to allow them", () => {
  it("no sandbox (--sandbox full-access): an unknown command is refused with the reason, a rule and the modes; exit 3", async () => {
    const ws = await scriptProject();
    const before = cli.server.requests.length;
    cli.server.enqueue(call("shell", { command: "python3 run_tests.py" }), {
      kind: "reply",
      text: "could not",
    });
    const r = await runTandem(["exec", "--json", "--sandbox", "full-access", "run the tests"], {
      cwd: ws.cwd,
      env: ws.env,
      timeoutMs: 30_000,
    });
    expect(r.code, r.stderr).toBe(3);
    expect(existsSync(join(ws.cwd, "py.txt"))).toBe(false);
    const events = parseEvents(r.stdout);
    const finished = finishedCalls(r.stdout)[0] as ToolCallFinishedEvent & { refusal: Refusal };
    expect(finished.status).toBe("denied");
    expect(finished.refusal.reason).toContain("no sandbox contains this command (sandbox full-access)");
    const hints = finished.refusal.how_to_allow.join("\n");
    expect(hints).toContain(
      `${join(ws.home, "rules.toml")} (a project's rules cannot allow an unknown command)`,
    );
    expect(hints).toContain('[[rules]]\ntool = "shell"\ncommand = "python3 run_tests.py*"\naction = "allow"');
    expect(hints).toContain("`--mode full`");
    expect(hints).toContain("no `--sandbox full-access`");
    expect(events.find((e) => e.type === "turn_finished")).toMatchObject({ status: "done", refused: 1 });
    // The model is told the same, so it can pass it on.
    const next = JSON.stringify(cli.server.requests[before + 1]?.body);
    expect(next).toContain("How the user can allow it");
    expect(next).toContain("python3 run_tests.py*");

    // The rule it suggests, pasted into the user's rules.toml, lets the command run.
    const rule = finished.refusal.how_to_allow[0]?.split(":\n")[1] as string;
    await writeFile(join(ws.home, "rules.toml"), `${rule}\n`);
    cli.server.enqueue(call("shell", { command: "python3 run_tests.py" }), { kind: "reply", text: "ran" });
    const again = await runTandem(["exec", "--json", "--sandbox", "full-access", "run the tests"], {
      cwd: ws.cwd,
      env: ws.env,
      timeoutMs: 30_000,
    });
    expect(again.code, again.stderr).toBe(0);
    expect(existsSync(join(ws.cwd, "py.txt"))).toBe(true);
  });

  it("network on: refused, and the human output shows why, how to allow it and the count in the summary", async () => {
    const ws = await scriptProject();
    cli.server.enqueue(call("shell", { command: "python3 run_tests.py" }), {
      kind: "reply",
      text: "could not",
    });
    const r = await runTandem(["exec", "--network", "run the tests"], {
      cwd: ws.cwd,
      env: ws.env,
      timeoutMs: 30_000,
    });
    expect(r.code, r.stderr).toBe(3);
    expect(existsSync(join(ws.cwd, "py.txt"))).toBe(false);
    expect(r.stderr).toContain("✗ shell python3 run_tests.py");
    expect(r.stderr).toMatch(/ {2}refused: .*this sandbox has network on \(--network\)/);
    expect(r.stderr).toContain("  how to allow it:\n    - allow it with a rule in");
    expect(r.stderr).toContain('      command = "python3 run_tests.py*"');
    expect(r.stderr).toContain("no `--network`");
    expect(r.stderr).toMatch(/done · 1 tool call refused \(see above\) · 2 steps/);
    expect(r.stdout).toContain("could not");
  });

  it("the guard's refusal in auto (a write outside the workspace) says how to allow it; a stop the model re-issues past is not a refusal", async () => {
    const ws = await cli.workspace();
    const outside = join(ws.root, "outside.txt");
    cli.server.enqueue(
      call("write", { path: outside, content: "x" }),
      call("shell", { command: "mkdir -p build && rm -rf build" }),
      call("shell", { command: "mkdir -p build && rm -rf build", justification: "clean rebuild" }),
      { kind: "reply", text: "done" },
    );
    const r = await runTandem(["exec", "--json", "go"], { cwd: ws.cwd, env: ws.env, timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(3);
    expect(existsSync(outside)).toBe(false);
    const finished = finishedCalls(r.stdout);
    expect(finished.map((f) => f.status)).toEqual(["denied", "denied", "ok"]);
    expect(finished[0]?.refusal?.reason).toContain("auto mode never writes outside the workspace");
    expect(finished[0]?.refusal?.how_to_allow.join("\n")).toContain(
      "only you can approve a change outside the workspace",
    );
    // Stop-and-think asks the model for a justification: not a refusal, and not counted.
    expect(finished[1]?.refusal).toBeUndefined();
    const done = parseEvents(r.stdout).find((e) => e.type === "turn_finished");
    expect(done).toMatchObject({ status: "done", refused: 1 });
  });
});
