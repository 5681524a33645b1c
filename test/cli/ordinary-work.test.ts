/**
 * Ordinary work in auto mode runs without friction (no refusals, no questions), each changing step is
 * checkpointed, and `tandem undo` walks the steps back one at a time (skipping steps that changed no file).
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { createGuardRepo, gitIn } from "../support/guard-repo.ts";
import { parseEvents, runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();

const call = (name: string, args: Record<string, unknown>) => ({
  kind: "reply" as const,
  toolCalls: [{ name, arguments: args }],
});

describe("ordinary work in auto mode", () => {
  it("runs edits, builds and git commits without friction; each step is undoable", async () => {
    const ws = await cli.workspace();
    await createGuardRepo(ws.cwd, ws.root);
    const { env } = ws;
    cli.server.enqueue(
      call("write", { path: "src/new.ts", content: "export const a = 1;\n" }),
      call("read", { path: "src/new.ts" }),
      call("edit", { path: "src/new.ts", old_string: "a = 1", new_string: "a = 2" }),
      call("shell", { command: "npm --version > /dev/null && mkdir -p build && printf ok > build/out.txt" }),
      call("shell", { command: "git add -A && git commit -qm 'add new'" }),
      call("shell", { command: "git status --short && ls src" }),
      { kind: "reply", text: "done" },
    );
    const r = await runTandem(["exec", "--json", "work"], { cwd: ws.cwd, env, timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    const events = parseEvents(r.stdout);
    expect(events.filter((e) => e.type === "approval_requested")).toHaveLength(0);
    const finished = events.filter((e) => e.type === "tool_call_finished");
    expect(finished).toHaveLength(6);
    for (const f of finished) expect(f.status, JSON.stringify(f)).toBe("ok");
    expect(gitIn(ws.cwd, ["log", "-1", "--format=%s"])).toBe("add new");
    expect(await readFile(join(ws.cwd, "build", "out.txt"), "utf8")).toBe("ok");

    const list = await runTandem(["checkpoints"], { cwd: ws.cwd, env });
    expect(list.stdout).toContain("write src/new.ts");
    // A checkpoint is also taken right after each changing step (overlapping the next model request).
    expect(list.stdout).toContain("after edit src/new.ts");
    // On a slow machine a checkpoint taken while the command ran may already hold its final state; the one
    // after it is then that same checkpoint (an unchanged workspace makes no new one).
    expect(list.stdout).toMatch(/(after|during) shell: npm --version/);
    expect(list.stdout).not.toContain("git status"); // read-only: no checkpoint

    // The commit changed no workspace file: the first undo reverses the build step.
    let u = await runTandem(["undo"], { cwd: ws.cwd, env });
    expect(u.code, u.stderr).toBe(0);
    expect(existsSync(join(ws.cwd, "build", "out.txt"))).toBe(false);
    expect(await readFile(join(ws.cwd, "src", "new.ts"), "utf8")).toBe("export const a = 2;\n");
    u = await runTandem(["undo"], { cwd: ws.cwd, env });
    expect(await readFile(join(ws.cwd, "src", "new.ts"), "utf8")).toBe("export const a = 1;\n");
    u = await runTandem(["undo"], { cwd: ws.cwd, env });
    expect(existsSync(join(ws.cwd, "src", "new.ts"))).toBe(false);
    expect(u.stdout).toMatch(/redo \(workspace files\) with: tandem checkpoints restore \d+/);
    // The redo point brings the undone step back: restoring is itself undoable.
    const redo = /restore (\d+)/.exec(u.stdout)?.[1] as string;
    const back = await runTandem(["checkpoints", "restore", redo], { cwd: ws.cwd, env });
    expect(back.code, back.stderr).toBe(0);
    expect(await readFile(join(ws.cwd, "src", "new.ts"), "utf8")).toBe("export const a = 1;\n");
  });

  // Regression (issue #9, item 8): undo reverted edits the user made after the agent's step, silently.
  it("tandem undo keeps a file the user changed after the step, says so, and --overwrite reverts it", async () => {
    const ws = await cli.workspace();
    await createGuardRepo(ws.cwd, ws.root);
    const { env } = ws;
    cli.server.enqueue(
      call("shell", { command: "printf agent > first.txt" }),
      call("shell", { command: "printf agent > second.txt && printf agent > third.txt" }),
      { kind: "reply", text: "done" },
    );
    const r = await runTandem(["exec", "--json", "work"], { cwd: ws.cwd, env, timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    await writeFile(join(ws.cwd, "first.txt"), "the user's first\n");
    await writeFile(join(ws.cwd, "second.txt"), "the user's second\n");
    const u = await runTandem(["undo"], { cwd: ws.cwd, env });
    expect(u.code, u.stderr).toBe(0);
    expect(await readFile(join(ws.cwd, "second.txt"), "utf8")).toBe("the user's second\n");
    expect(existsSync(join(ws.cwd, "third.txt"))).toBe(false);
    expect(u.stdout).toContain("kept your changes made after this step to: second.txt");
    expect(await readFile(join(ws.cwd, "first.txt"), "utf8")).toBe("the user's first\n");
    const o = await runTandem(["undo", "--overwrite"], { cwd: ws.cwd, env });
    expect(o.code, o.stderr).toBe(0);
    expect(o.stdout).toContain("reverted although changed after this step: first.txt");
    expect(existsSync(join(ws.cwd, "first.txt"))).toBe(false);
  });
});
