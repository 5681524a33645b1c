/**
 * Approving a long shell command shows the whole command first: the gate's summary cuts a command at 120
 * characters, so whatever follows (here `rm -f victim.txt` after a long harmless start) would be approved
 * unseen. The real safety gate in ask mode, the real shell tool, a temp workspace, the real app.
 */
import { existsSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import type { AnyTool } from "../../src/core/tool.ts";
import { createSafetyGate } from "../../src/safety/gate.ts";
import { createShellTool } from "../../src/tools/shell.ts";
import { type AppHarness, startApp } from "./support/app-harness.ts";

let h: AppHarness | undefined;
let dir: string | undefined;
afterEach(async () => {
  h?.dispose();
  h = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
});

it("prints the whole command above the approval prompt when the summary cuts it", async () => {
  dir = await mkdtemp(join(tmpdir(), "tandem-tui-approve-long-"));
  writeFileSync(join(dir, "victim.txt"), "keep me\n");
  const command = `echo ${"harmless-".repeat(20)}> log.txt && rm -f victim.txt`;
  const gate = createSafetyGate({ mode: "ask", workspace: dir, trashDir: join(dir, ".trash") });
  h = startApp(
    [{ toolCalls: [{ name: "shell", arguments: { command } }] }, { text: "Done." }],
    { cwd: dir, tools: [createShellTool() as AnyTool], gate },
    { cols: 80, rows: 30 },
  );
  h.input("tidy up\r");
  await h.waitForText("Approve?");
  await h.waitForText("the whole command is printed above");
  const shown = h.term.lines().join("").replace(/ /g, "");
  expect(shown).toContain("rm-fvictim.txt");
  expect(existsSync(join(dir, "victim.txt"))).toBe(true);
  h.input("n");
  h.input("\r");
  await h.waitForText("Done.");
  expect(existsSync(join(dir, "victim.txt"))).toBe(true);
  await h.exit();
});
