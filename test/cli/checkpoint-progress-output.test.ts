/** Issue #10: `tandem exec`'s human output prints a slow first checkpoint's progress on stderr, not stdout. */
import { PassThrough } from "node:stream";
import { expect, it } from "vitest";
import { createHumanRenderer } from "../../src/cli/render-human.ts";

function stream(): { out: NodeJS.WriteStream; text: () => string } {
  const pass = new PassThrough();
  let text = "";
  pass.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  return { out: pass as unknown as NodeJS.WriteStream, text: () => text };
}

it("prints checkpoint_progress as 'indexing workspace for undo: done/total files' on stderr", async () => {
  const stdout = stream();
  const stderr = stream();
  const renderer = createHumanRenderer({ stdout: stdout.out, stderr: stderr.out, color: false });
  renderer.render({ type: "checkpoint_progress", call_id: "c1", done: 40_000 });
  renderer.render({ type: "checkpoint_progress", call_id: "c1", done: 40_000, total: 100_000 });
  renderer.flush();
  await new Promise((resolve) => setImmediate(resolve));
  expect(stderr.text()).toBe(
    "indexing workspace for undo: 40,000 files\nindexing workspace for undo: 40,000/100,000 files\n",
  );
  expect(stdout.text()).toBe("");
});
