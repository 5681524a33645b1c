/**
 * Regression (issue #10): user mistakes ended in "internal error" and a stack trace (`tandem sandbox --cwd
 * /nonexistent`), in a git failure (`checkpoints --cwd /nonexistent`: "spawn git ENOENT", exit 1), in a
 * silent success (`policy check --cwd /nonexistent`) or as a store failure (`checkpoints restore 99`, exit 1).
 * Each is now one line on stderr saying what was wrong, and exit 2.
 */
import { describe, expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { type RunResult, runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();

function expectOneLineMistake(r: RunResult, says: string | RegExp): void {
  expect(r.stderr).not.toMatch(/internal error|\n\s+at |ENOENT/);
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(says);
  expect(r.code).toBe(2);
}

describe("a folder that does not exist is one line and exit 2, for every command that takes --cwd", () => {
  const cases: string[][] = [
    ["exec", "--cwd", "/nonexistent", "hi"],
    ["resume", "--cwd", "/nonexistent"],
    ["checkpoints", "--cwd", "/nonexistent"],
    ["checkpoints", "restore", "1", "--cwd", "/nonexistent"],
    ["undo", "--cwd", "/nonexistent"],
    ["policy", "check", "--cwd", "/nonexistent", "ls"],
    ["trust", "--cwd", "/nonexistent"],
    ["sandbox", "--cwd", "/nonexistent", "--", "true"],
    ["apply-patch", "-C", "/nonexistent"],
    ["config", "--cwd", "/nonexistent"],
    ["doctor", "--cwd", "/nonexistent"],
  ];
  it.concurrent.each(cases.map((args) => [args.join(" "), args]))("%s", async (_, args) => {
    const ws = await cli.workspace();
    const r = await runTandem(args as string[], { cwd: ws.cwd, env: ws.env, stdin: "" });
    expectOneLineMistake(r, "tandem: --cwd /nonexistent: no such directory");
  });

  it("a file given as the folder says it is not a directory", async () => {
    const ws = await cli.workspace();
    const r = await runTandem(["checkpoints", "--cwd", "/etc/hostname"], { cwd: ws.cwd, env: ws.env });
    expectOneLineMistake(r, "not a directory");
  });
});

describe("checkpoint numbers that name no checkpoint", () => {
  for (const verb of ["restore", "diff"]) {
    it(`checkpoints ${verb} 99 says which checkpoints exist, exit 2`, async () => {
      const ws = await cli.workspace();
      const r = await runTandem(["checkpoints", verb, "99"], { cwd: ws.cwd, env: ws.env });
      expectOneLineMistake(r, /No checkpoint #99 \(known: none yet\)\. Nothing was changed\./);
    });
  }

  it("an unknown checkpoints verb or a stray argument is a usage error", async () => {
    const ws = await cli.workspace();
    const verb = await runTandem(["checkpoints", "restor", "1"], { cwd: ws.cwd, env: ws.env });
    expectOneLineMistake(verb, 'unknown checkpoints command "restor"');
    const extra = await runTandem(["checkpoints", "diff", "1", "2"], { cwd: ws.cwd, env: ws.env });
    expectOneLineMistake(extra, "at most one checkpoint number");
  });

  it("sessions and models take no arguments", async () => {
    const ws = await cli.workspace();
    const sessions = await runTandem(["sessions", "last"], { cwd: ws.cwd, env: ws.env });
    expectOneLineMistake(sessions, "sessions takes no arguments");
    const models = await runTandem(["models", "anthropic"], { cwd: ws.cwd, env: ws.env });
    expectOneLineMistake(models, "models takes no arguments");
  });

  it("policy without check, or with a misspelt sub-command, points at its help", async () => {
    const ws = await cli.workspace();
    const r = await runTandem(["policy", "chek", "ls"], { cwd: ws.cwd, env: ws.env });
    expectOneLineMistake(r, /unknown policy command "chek".*tandem policy --help/);
  });
});

describe("a TANDEM_HOME that cannot be created", () => {
  // Node's recursive mkdir never settles under /proc: `tandem checkpoints` spun at 40 % of a core, forever.
  it("ends `checkpoints` at once with one line naming the folder, not a spin", async () => {
    const ws = await cli.workspace();
    const started = Date.now();
    const r = await runTandem(["checkpoints"], {
      cwd: ws.cwd,
      env: { ...ws.env, TANDEM_HOME: "/proc/nonexistent" },
      timeoutMs: 20_000,
    });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("/proc/nonexistent");
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});
