/**
 * Issue #10: a slow first checkpoint shows its progress where the waiting call's live output goes ("indexing
 * workspace for undo: 400/1,000 files"), in the real app with the real agent, gate and checkpoint store.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import type { AnyTool } from "../../src/core/tool.ts";
import { createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { createSafetyGate } from "../../src/safety/gate.ts";
import { createShellTool } from "../../src/tools/shell.ts";
import { type AppHarness, startApp } from "./support/app-harness.ts";

let h: AppHarness | undefined;
let dir: string | undefined;
afterEach(() => {
  h?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it("shows the first checkpoint's progress on the running call's line", async () => {
  dir = mkdtempSync(join(tmpdir(), "tandem-tui-progress-"));
  const ws = join(dir, "ws");
  for (let i = 0; i < 1000; i++) {
    const sub = join(ws, `d${i % 30}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `f${i}.txt`), `file ${i}\n`);
  }
  const gate = createSafetyGate({
    mode: "auto",
    workspace: ws,
    trashDir: join(dir, "trash"),
    checkpoints: createCheckpointStore({ workspace: ws, storeDir: join(dir, "store") }),
    progress: { afterMs: 0, everyMs: 0 },
  });
  h = startApp(
    [{ toolCalls: [{ name: "shell", arguments: { command: "printf x > x.txt" } }] }, { text: "Written." }],
    { cwd: ws, tools: [createShellTool() as AnyTool], gate },
  );
  h.input("write a file\r");
  await h.waitForText("indexing workspace for undo:");
  const line = h.term.lines().find((l) => l.includes("indexing workspace for undo:")) ?? "";
  expect(line).toMatch(/indexing workspace for undo: [\d,]+(\/[\d,]+)? files/);
  // The checkpoint itself may take many seconds on a loaded machine: longer than the harness's usual wait.
  const end = Date.now() + 120_000;
  while (!h.term.lines().some((l) => l.includes("Written.")) && Date.now() < end)
    await new Promise((resolve) => setTimeout(resolve, 50));
  expect(h.term.lines().some((l) => l.startsWith("✓ shell"))).toBe(true);
  await h.exit();
});
