/**
 * Regression (issue #9, item 12): with a garbage checkpoint ref, `tandem checkpoints` and `tandem undo` failed
 * closed forever. They now say the store is damaged and name `tandem checkpoints repair`, which salvages the
 * history; afterwards both work again. A real store, made by a real `tandem exec`, corrupted on disk.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { checkpointStoreDir } from "../../src/safety/checkpoints/index.ts";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();

it("a garbage ref: clear message naming repair, repair salvages, list and undo work again", async () => {
  const ws = await cli.workspace();
  writeFileSync(join(ws.cwd, "a.txt"), "original\n");
  cli.server.enqueue(
    { kind: "reply", toolCalls: [{ name: "shell", arguments: { command: "echo changed > a.txt" } }] },
    { kind: "reply", text: "done" },
  );
  expect((await runTandem(["exec", "change a.txt"], { cwd: ws.cwd, env: ws.env })).code).toBe(0);

  const ref = join(checkpointStoreDir(ws.home, ws.cwd), "git", "refs", "tandem", "checkpoints");
  writeFileSync(ref, "this is not a commit id\n");

  for (const args of [["checkpoints"], ["undo"]]) {
    const r = await runTandem(args, { cwd: ws.cwd, env: ws.env });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.stderr).toContain("is damaged");
    expect(r.stderr).toContain("tandem checkpoints repair");
  }

  const repair = await runTandem(["checkpoints", "repair"], { cwd: ws.cwd, env: ws.env });
  expect(repair.code).toBe(0);
  expect(repair.stdout).toMatch(/pointed refs\/tandem\/checkpoints at checkpoint #\d+/);
  expect(repair.stdout).toContain("kept the history up to checkpoint");

  const list = await runTandem(["checkpoints"], { cwd: ws.cwd, env: ws.env });
  expect(list.code).toBe(0);
  expect(list.stdout).toContain("echo changed > a.txt");
  const undo = await runTandem(["undo"], { cwd: ws.cwd, env: ws.env });
  expect(undo.code).toBe(0);
  expect(readFileSync(join(ws.cwd, "a.txt"), "utf8")).toBe("original\n");
});
