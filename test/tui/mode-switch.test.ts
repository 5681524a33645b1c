/**
 * Switching the permission mode from the UI, through the real app, a real agent and the real safety gate with
 * the real shell tool in a temp workspace (the model is a scripted in-memory client): `/mode auto` updates the
 * status line and the next write runs without an approval; Shift+Tab cycles ask → auto → full → ask; `/mode`
 * alone shows the mode, the sandbox and how to switch.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import type { AnyTool } from "../../src/core/tool.ts";
import { createSafetyGate, type SafetyGate } from "../../src/safety/gate.ts";
import { createShellTool } from "../../src/tools/shell.ts";
import { parseKeys } from "../../src/tui/keys.ts";
import type { ScriptStep } from "../support/scripted-client.ts";
import { type AppHarness, startApp } from "./support/app-harness.ts";

let h: AppHarness | undefined;
let dir: string | undefined;
afterEach(async () => {
  h?.dispose();
  h = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function open(script: ScriptStep[]): Promise<{ h: AppHarness; gate: SafetyGate; ws: string }> {
  dir = await mkdtemp(join(tmpdir(), "tandem-tui-mode-"));
  const gate = createSafetyGate({ mode: "ask", workspace: dir, trashDir: join(dir, ".trash") });
  h = startApp(script, { cwd: dir, tools: [createShellTool() as AnyTool], gate });
  return { h, gate, ws: dir };
}

const statusMode = (app: AppHarness) =>
  app.term
    .lines()
    .map((l) => / · mode: (\w+) · /.exec(l)?.[1])
    .filter(Boolean)
    .at(-1);

it("/mode auto updates the status line and the next write runs without asking", async () => {
  const { h, gate, ws } = await open([
    { toolCalls: [{ name: "shell", arguments: { command: "printf hi > out.txt" } }] },
    { text: "Wrote it." },
  ]);
  await h.until(() => statusMode(h) !== undefined, "the status line");
  h.input("/mode auto\r");
  await h.until(() => statusMode(h) === "auto", "mode: auto in the status line");
  expect(gate.mode()).toBe("auto");
  await h.waitForText("mode: auto (changes in the workspace run without asking; from the next tool call)");
  h.input("write the file\r");
  await h.waitForText("Wrote it.");
  expect(existsSync(join(ws, "out.txt"))).toBe(true);
  expect(h.term.lines().some((l) => l.includes("Approve?"))).toBe(false);
  expect(h.term.lines().some((l) => l.startsWith("✓ shell printf hi > out.txt"))).toBe(true);
  await h.exit();
});

it("Shift+Tab cycles ask → auto → full → ask, also when pressed quickly", async () => {
  const { h, gate } = await open([]);
  expect(parseKeys("\x1b[Z")).toEqual([{ name: "shift-tab" }]);
  await h.until(() => statusMode(h) !== undefined, "the status line");
  h.input("\x1b[Z");
  await h.until(() => statusMode(h) === "auto", "mode: auto");
  // Two presses in one read, before the first switch is confirmed: full, then ask.
  h.input("\x1b[Z\x1b[Z");
  await h.until(() => statusMode(h) === "ask" && gate.mode() === "ask", "mode: ask after full");
  expect(h.term.lines().some((l) => l.startsWith("mode: full ("))).toBe(true);
  await h.exit();
});

it("/mode alone shows the mode, the sandbox and how to switch; an unknown mode is refused", async () => {
  const { h, gate } = await open([]);
  h.input("/mode full\r");
  await h.until(() => statusMode(h) === "full", "mode: full");
  h.input("/mode\r");
  await h.waitForText("switch with /mode ask|auto|full or Shift+Tab");
  expect(h.term.lines()).toContain("mode: full");
  h.input("/mode yolo\r");
  await h.waitForText('/mode takes ask, auto or full (not "yolo")');
  expect(gate.mode()).toBe("full");
  await h.exit();
});
