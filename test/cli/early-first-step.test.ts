/**
 * Issue #10 ("Speed at scale"), end to end: in `tandem exec` on a workspace whose first record is not done when
 * the model's first edit comes, the edit runs at once (its checkpoint is made after it, once the record is
 * done), `exec` ends with that checkpoint journalled, and `tandem undo` then restores exactly the edited file.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTree, writeSpread } from "../safety/checkpoint-support.ts";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { runTandem } from "../support/run-tandem.ts";
import { expectStepAheadThenExactUndo } from "./first-step-support.ts";

const cli = registerCliE2E();
const FILES = 20_000;

describe("the first edit of a session on a big workspace", () => {
  it("does not wait for the first record, and `tandem undo` restores exactly the edited file", async () => {
    const ws = await cli.workspace();
    writeSpread(ws.cwd, FILES);
    writeFileSync(join(ws.cwd, "notes.txt"), "one\ntwo\n");
    const before = readTree(ws.cwd);
    cli.server.enqueue(
      { kind: "reply", toolCalls: [{ name: "read", arguments: { path: "notes.txt" } }] },
      {
        kind: "reply",
        toolCalls: [
          { name: "edit", arguments: { path: "notes.txt", old_string: "two\n", new_string: "2\n" } },
        ],
      },
      { kind: "reply", text: "Done." },
    );
    const r = await runTandem(["exec", "edit the notes"], { cwd: ws.cwd, env: ws.env, timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(ws.cwd, "notes.txt"), "utf8")).toBe("one\n2\n");
    await expectStepAheadThenExactUndo(ws, "notes.txt", before);
  }, 180_000);
});
