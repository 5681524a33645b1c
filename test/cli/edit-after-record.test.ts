/**
 * Issue #11 ("Speed"), end to end: in `tandem exec`, an edit that comes once the workspace's first record is
 * done still goes ahead of its checkpoint, asks the `check-ignore` started ahead for it (spare-git.ts), and the
 * run goes on to its end: a regression in which that process, unreferenced while it waited, let Node exit
 * mid-step (exit 0 after two requests). `tandem undo` then restores exactly the edited file.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTree } from "../safety/checkpoint-support.ts";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();

describe("an edit after the first record", () => {
  it("runs to the end of the turn, and `tandem undo` restores exactly the edited file", async () => {
    const ws = await cli.workspace();
    for (let i = 0; i < 20; i++) writeFileSync(join(ws.cwd, `f${i}.txt`), `file ${i}\n`);
    writeFileSync(join(ws.cwd, "notes.txt"), "one\ntwo\n");
    const before = readTree(ws.cwd);
    const requests = cli.server.requests.length;
    cli.server.enqueue(
      // Slow enough that the first record (20 files) is done before the edit comes.
      { kind: "reply", delayMs: 100, toolCalls: [{ name: "read", arguments: { path: "notes.txt" } }] },
      {
        kind: "reply",
        delayMs: 100,
        toolCalls: [
          { name: "edit", arguments: { path: "notes.txt", old_string: "two\n", new_string: "2\n" } },
        ],
      },
      { kind: "reply", text: "Done." },
    );
    const r = await runTandem(["exec", "edit the notes"], { cwd: ws.cwd, env: ws.env, timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(cli.server.requests.length - requests).toBe(3);
    expect(readFileSync(join(ws.cwd, "notes.txt"), "utf8")).toBe("one\n2\n");
    const undone = await runTandem(["undo"], { cwd: ws.cwd, env: ws.env, timeoutMs: 120_000 });
    expect(undone.code, undone.stderr).toBe(0);
    expect(readTree(ws.cwd)).toEqual(before);
  }, 180_000);
});
