/**
 * Two palettes on a headless terminal: a dark background keeps the basic colours (the user's scheme
 * applies), a light one gets darker 256-colour shades (no basic yellow, cyan or green text, which are
 * unreadable on white) for Markdown, highlighted code and diffs; NO_COLOR writes no colour in either.
 * The diff comes from the real edit tool on a temp file.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import type { AgentEventBody } from "../../src/protocol/events.ts";
import { createStyle } from "../../src/tui/style.ts";
import type { Theme } from "../../src/tui/theme.ts";
import { editFixture } from "../tools/edit-support.ts";
import { createHarness, type Harness } from "./support/screen-harness.ts";

const harnesses: Harness[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) h.term.dispose();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

// biome-ignore lint/suspicious/noControlCharactersInRegex: any SGR foreground or background colour
const ANY_COLOR = /\x1b\[(?:[0-9;]*;)?(?:3[0-9]|9[0-7]|4[0-9]|10[0-7])(?:;[0-9;]*)?m/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the basic yellow, cyan and green foregrounds
const BASIC_LIGHT_UNREADABLE = /\x1b\[(?:33|36|32)m/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: a 256-colour foreground
const COLOR_256 = /\x1b\[38;5;\d+m/;

const answer = [
  "## Plan",
  "",
  "Run `npm test` and see [the docs](https://example.com).",
  "",
  "```ts",
  "function add(a: number): number { return a + 1; } // note",
  "```",
  "",
].join("\n");

async function events(): Promise<AgentEventBody[]> {
  const dir = await mkdtemp(join(tmpdir(), "tandem-theme-"));
  dirs.push(dir);
  const fx = await editFixture(dir, "a.txt", "one\ntwo\nthree\n");
  const result = await fx.edit("two\n", "TWO\n");
  expect(result.isError).toBeFalsy();
  return [
    { type: "turn_started", turn_id: "t1" },
    { type: "message_delta", turn_id: "t1", message_id: "m1", delta: answer },
    { type: "message_done", turn_id: "t1", message_id: "m1", text: answer },
    {
      type: "tool_call_started",
      turn_id: "t1",
      call_id: "c1",
      tool: "edit",
      kind: "edit",
      arguments: { path: "a.txt" },
    },
    {
      type: "tool_call_finished",
      turn_id: "t1",
      call_id: "c1",
      tool: "edit",
      kind: "edit",
      status: "ok",
      content: result.content,
      details: result.details,
      duration_ms: 5,
    },
    { type: "turn_finished", turn_id: "t1", status: "done", steps: 1 },
  ];
}

async function render(color: boolean, theme: Theme): Promise<{ bytes: string; lines: string[] }> {
  const h = createHarness({ cols: 100, rows: 30, color, theme });
  harnesses.push(h);
  await h.feed(...(await events()));
  return { bytes: h.term.written(), lines: h.term.lines() };
}

it("colours for a dark background with the basic colours", async () => {
  const { bytes, lines } = await render(true, "dark");
  expect(bytes).toContain("\x1b[36mnpm test\x1b[39m");
  expect(bytes).toContain("\x1b[32m+TWO\x1b[39m");
  expect(bytes).toContain("\x1b[31m-two\x1b[39m");
  expect(bytes).toContain("\x1b[35mPlan\x1b[39m");
  expect(bytes).toContain("\x1b[34mfunction\x1b[39m");
  expect(bytes).not.toMatch(COLOR_256);
  expect(lines).toContain("  function add(a: number): number { return a + 1; } // note");
});

it("colours for a light background with darker 256-colour shades, no basic yellow, cyan or green", async () => {
  const { bytes, lines } = await render(true, "light");
  expect(bytes).toContain("\x1b[38;5;30mnpm test\x1b[39m");
  expect(bytes).toContain("\x1b[38;5;28m+TWO\x1b[39m");
  expect(bytes).toContain("\x1b[38;5;124m-two\x1b[39m");
  expect(bytes).toContain("\x1b[38;5;90mPlan\x1b[39m");
  // The code block is highlighted with the light theme.
  expect(bytes).toContain("\x1b[38;5;25mfunction\x1b[39m");
  expect(bytes).toContain("\x1b[38;5;243m// note\x1b[39m");
  expect(bytes).not.toMatch(BASIC_LIGHT_UNREADABLE);
  expect(lines).toContain("  function add(a: number): number { return a + 1; } // note");
});

it("writes no colour at all without colour (NO_COLOR), whatever the background", async () => {
  const dark = await render(false, "dark");
  const light = await render(false, "light");
  expect(dark.bytes).not.toMatch(ANY_COLOR);
  expect(light.bytes).not.toMatch(ANY_COLOR);
  expect(light.bytes).toBe(dark.bytes);
  expect(dark.bytes).toContain("\x1b[1m"); // bold stays
  expect(light.lines).toContain("  function add(a: number): number { return a + 1; } // note");
});

it("every colour differs between the palettes; without colour they are plain", () => {
  const names = ["red", "green", "yellow", "blue", "magenta", "cyan"] as const;
  const dark = createStyle(true, "dark");
  const light = createStyle(true, "light");
  for (const name of names) {
    expect(light[name]("x"), name).not.toBe(dark[name]("x"));
    expect(light[name]("x"), name).toMatch(COLOR_256);
    expect(createStyle(false, "light")[name]("x")).toBe("x");
  }
  expect(createStyle(true).theme).toBe("dark");
});
