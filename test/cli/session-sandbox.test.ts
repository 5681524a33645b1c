/**
 * Sessions run shell commands in the sandbox: the model cannot switch it off (extra arguments change nothing),
 * only the user can (`--sandbox full-access`); a missing bubblewrap stops tandem with the reason and the fix
 * instead of running unsandboxed; a project config may tighten the sandbox but not loosen the mode.
 */

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { createGuardRepo } from "../support/guard-repo.ts";
import { parseEvents, runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();

async function setup() {
  const ws = await cli.workspace();
  await createGuardRepo(ws.cwd, ws.root);
  return { ws, env: ws.env };
}

const hook = "printf 'exit 0' > .git/hooks/pre-commit";
const reissue = {
  kind: "reply" as const,
  toolCalls: [{ name: "shell", arguments: { command: hook, justification: "the task asks for a hook" } }],
};

describe("session sandbox", () => {
  it("confines shell commands in auto mode; arguments from the model cannot switch it off", async () => {
    const { ws, env } = await setup();
    cli.server.enqueue(
      {
        kind: "reply",
        toolCalls: [
          {
            name: "shell",
            arguments: { command: hook, sandbox: "full-access", mode: "full", network: true },
          },
        ],
      },
      // A write into .git is stopped by the guard first; the justified re-issue reaches the sandbox.
      reissue,
      { kind: "reply", text: "done" },
    );
    const r = await runTandem(["exec", "--json", "go"], { cwd: ws.cwd, env, timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    const finished = parseEvents(r.stdout).filter((e) => e.type === "tool_call_finished");
    expect(finished.map((f) => f.status)).toEqual(["denied", "error"]);
    expect(existsSync(join(ws.cwd, ".git", "hooks", "pre-commit"))).toBe(false);
  });

  it("runs unsandboxed only when the user says --sandbox full-access", async () => {
    const { ws, env } = await setup();
    cli.server.enqueue({ kind: "reply", toolCalls: [{ name: "shell", arguments: { command: hook } }] });
    cli.server.enqueue(reissue, { kind: "reply", text: "done" });
    const r = await runTandem(["exec", "--sandbox", "full-access", "go"], {
      cwd: ws.cwd,
      env,
      timeoutMs: 30_000,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(ws.cwd, ".git", "hooks", "pre-commit"))).toBe(true);
  });

  it("exits 2 with the reason and the fix when bubblewrap is missing, before any model request", async () => {
    const { ws, env } = await setup();
    const bin = await mkdtemp(join(ws.root, "bin-"));
    const gitPath = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
    await symlink(gitPath, join(bin, "git"));
    const before = cli.server.requests.length;
    const r = await runTandem(["exec", "go"], { cwd: ws.cwd, env: { ...env, PATH: bin }, timeoutMs: 30_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("sandbox unavailable");
    expect(r.stderr).toContain("Fix:");
    expect(r.stderr).toContain("--sandbox full-access");
    expect(cli.server.requests.length).toBe(before);
    await rm(bin, { recursive: true, force: true });
  });

  it("lets a project config tighten the sandbox to read-only but not loosen the mode", async () => {
    const { ws, env } = await setup();
    await mkdir(join(ws.cwd, ".tandem"), { recursive: true });
    await writeFile(join(ws.cwd, ".tandem", "config.toml"), 'sandbox = "read-only"\nmode = "full"\n');
    cli.server.enqueue({
      kind: "reply",
      toolCalls: [{ name: "shell", arguments: { command: "printf x > made.txt" } }],
    });
    cli.server.enqueue({ kind: "reply", text: "done" });
    const r = await runTandem(["exec", "go"], { cwd: ws.cwd, env, timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('ignored mode = "full"');
    expect(existsSync(join(ws.cwd, "made.txt"))).toBe(false);
  });

  it("exits 2 naming the file when a rules file is malformed, and applies a project deny rule", async () => {
    const { ws, env } = await setup();
    await mkdir(join(ws.cwd, ".tandem"), { recursive: true });
    await writeFile(join(ws.cwd, ".tandem", "rules.toml"), "[[rules]]\naction = 'maybe'\n");
    const bad = await runTandem(["exec", "go"], { cwd: ws.cwd, env, timeoutMs: 30_000 });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("rules.toml");

    await writeFile(
      join(ws.cwd, ".tandem", "rules.toml"),
      '[[rules]]\ntool = "shell"\ncommand = "touch *"\naction = "deny"\n',
    );
    cli.server.enqueue({
      kind: "reply",
      toolCalls: [{ name: "shell", arguments: { command: "touch denied.txt" } }],
    });
    cli.server.enqueue({ kind: "reply", text: "done" });
    const r = await runTandem(["exec", "--json", "go"], { cwd: ws.cwd, env, timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(3); // finished, with a refused call
    const finished = parseEvents(r.stdout).find((e) => e.type === "tool_call_finished");
    expect(finished?.status).toBe("denied");
    expect(finished?.refusal).toMatchObject({
      how_to_allow: [expect.stringMatching(/^remove or change project rule #1 in .*rules\.toml/)],
    });
    expect(existsSync(join(ws.cwd, "denied.txt"))).toBe(false);
  });
});
