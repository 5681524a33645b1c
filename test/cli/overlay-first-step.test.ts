/**
 * Issue #10 ("Speed at scale"), end to end: in `tandem exec` on a big workspace whose first record is not done
 * when the model's first command comes, the command runs at once on an overlay of the workspace (real bubblewrap):
 * the model reads its output, the next call (a read) sees its changes, exec ends with them in the workspace and the
 * step journalled with the checkpoint of the workspace before it, and `tandem undo` restores exactly that.
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

describe("the first command of a session on a big workspace", () => {
  it("runs on an overlay without waiting for the record; later calls see it; `tandem undo` restores exactly", async () => {
    const ws = await cli.workspace();
    writeSpread(ws.cwd, FILES);
    writeFileSync(join(ws.cwd, "notes.txt"), "one\ntwo\n");
    writeFileSync(join(ws.cwd, "gone.txt"), "bye\n");
    const before = readTree(ws.cwd);
    cli.server.enqueue(
      {
        kind: "reply",
        toolCalls: [
          {
            name: "shell",
            arguments: {
              command: "sed -i s/two/2/ notes.txt && rm gone.txt && mkdir out && echo built > out/a.txt",
            },
          },
        ],
      },
      { kind: "reply", toolCalls: [{ name: "read", arguments: { path: "out/a.txt" } }] },
      { kind: "reply", text: "Done." },
    );
    const r = await runTandem(["exec", "--json", "change the notes"], {
      cwd: ws.cwd,
      env: ws.env,
      timeoutMs: 120_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const finished = r.stdout
      .split("\n")
      .filter((line) => line.includes('"tool_call_finished"'))
      .map((line) => JSON.parse(line) as { tool: string; status: string; content: string });
    expect(finished.map((f) => [f.tool, f.status])).toEqual([
      ["shell", "ok"],
      ["read", "ok"],
    ]);
    expect(finished[1]?.content).toContain("built");
    expect(readFileSync(join(ws.cwd, "notes.txt"), "utf8")).toBe("one\n2\n");
    expect(readTree(ws.cwd)["gone.txt"]).toBeUndefined();
    await expectStepAheadThenExactUndo(ws, "notes.txt", before);
  }, 180_000);
});
