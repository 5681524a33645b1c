/** Two stores on one directory (the gate's and the UI's, or two processes): #N resolves after the other added more. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createCheckpointStore } from "../../src/safety/checkpoints/index.ts";

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

describe("checkpoint stores sharing a directory", () => {
  it("a store resolves #N by the current newest checkpoint, not the one it saw first", async () => {
    root = await mkdtemp(join(tmpdir(), "tandem-two-stores-"));
    const workspace = join(root, "ws");
    const storeDir = join(root, "store");
    await import("node:fs/promises").then((fs) => fs.mkdir(workspace));
    const a = createCheckpointStore({ workspace, storeDir });
    const b = createCheckpointStore({ workspace, storeDir });
    await writeFile(join(workspace, "f.txt"), "one\n");
    await a.create("first");
    expect((await b.diff(1)).from?.label).toBe("first"); // b has now seen #1 as the newest
    await writeFile(join(workspace, "f.txt"), "two\n");
    await a.create("second"); // added behind b's back
    const diff = await b.diff(1);
    expect(diff.from?.seq).toBe(1);
    expect(diff.patch).toContain("+two");
    expect((await b.diff(2)).from?.label).toBe("second");
  });
});
