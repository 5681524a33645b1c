/**
 * Regression (issue #10): `tandem exec --sandbox read-only` made every shell command fail ("bwrap: Can't chdir"
 * when the workspace lies under /tmp, which the sandbox replaces with its own). Read-only commands must work;
 * writes must still fail.
 */
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { gitIn } from "../support/guard-repo.ts";
import { parseEvents, runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();

const shell = (command: string) => ({
  kind: "reply" as const,
  toolCalls: [{ name: "shell", arguments: { command } }],
});

describe("tandem exec --sandbox read-only", () => {
  it("runs ls, cat, grep and git status; a write fails", async () => {
    const ws = await cli.workspace();
    gitIn(ws.cwd, ["init", "-q", "-b", "main"]);
    writeFileSync(join(ws.cwd, "a.txt"), "hello\n");
    gitIn(ws.cwd, ["add", "a.txt"]);
    gitIn(ws.cwd, ["commit", "-qm", "one"]);
    cli.server.enqueue(
      shell("ls && cat a.txt && grep -rn hello a.txt && git status --short && echo read-ok"),
      shell("echo x > b.txt"),
      { kind: "reply", text: "done" },
    );
    const r = await runTandem(["exec", "--json", "--sandbox", "read-only", "--mode", "full", "look"], {
      cwd: ws.cwd,
      env: ws.env,
      timeoutMs: 60_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const results = parseEvents(r.stdout).filter((e) => e.type === "tool_call_finished");
    const text = JSON.stringify(cli.server.requests.at(-1));
    expect(text).toContain("read-ok");
    expect(text).toContain("hello");
    expect(text).not.toContain("bwrap:");
    expect(text).toMatch(/Read-only file system/);
    expect(results).toHaveLength(2);
    expect(readdirSync(ws.cwd).sort()).toEqual([".git", "a.txt"]);
  });
});
