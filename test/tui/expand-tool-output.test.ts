/**
 * Ctrl+O and /expand print a finished tool call's output in full below the transcript, through the real app,
 * a real agent and the real shell tool (the model is a scripted in-memory client): the newest first, again
 * one further back, any other key starts over; a long output is capped at 500 rows and names the file the
 * shell tool saved the full output to.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { createShellTool } from "../../src/tools/shell.ts";
import { type AppHarness, startApp } from "./support/app-harness.ts";

let h: AppHarness | undefined;
let outputDir: string | undefined;
afterEach(() => {
  h?.dispose();
  h = undefined;
  if (outputDir) rmSync(outputDir, { recursive: true, force: true });
});

const shell = (command: string) => ({ toolCalls: [{ name: "shell", arguments: { command } }] });
const count = (lines: string[], text: string) => lines.filter((l) => l.includes(text)).length;

it("Ctrl+O prints the newest output, again the one before, and any other key starts over", async () => {
  outputDir = mkdtempSync(join(tmpdir(), "tandem-expand-"));
  h = startApp(
    [
      shell("printf 'alpha-1\\nalpha-2\\nalpha-3\\n'"),
      shell("printf 'beta-1\\nbeta-2\\n'"),
      { text: "Both ran." },
    ],
    { tools: [createShellTool({ outputDir })] },
  );
  const term = h.term;
  h.input("\x0f");
  await h.waitForText("nothing to expand: no tool output or long reasoning yet");

  h.input("run both\r");
  await h.waitForText("Both ran.");
  // One line per call in the transcript; the output itself is not there yet.
  expect(count(term.lines(), "✓ shell printf 'beta-1")).toBe(1);
  expect(count(term.lines(), "│ beta-2")).toBe(0);

  h.input("\x0f");
  await h.waitForText("│ beta-2");
  let lines = term.lines();
  const betaHead = lines.findIndex((l) => l.startsWith("┌ shell printf 'beta-1"));
  expect(betaHead).toBeGreaterThan(-1);
  expect(lines.slice(betaHead + 1, betaHead + 5)).toEqual(["│ beta-1", "│ beta-2", "│ [exit code 0]", "└"]);
  expect(count(lines, "│ alpha-2")).toBe(0);

  h.input("\x0f");
  await h.waitForText("│ alpha-3");
  lines = term.lines();
  const alphaHead = lines.findIndex((l) => l.startsWith("┌ shell printf 'alpha-1"));
  expect(alphaHead).toBeGreaterThan(betaHead);
  expect(lines.slice(alphaHead + 1, alphaHead + 4)).toEqual(["│ alpha-1", "│ alpha-2", "│ alpha-3"]);

  // The walk is at the oldest: one more says so, and the next starts from the newest again.
  h.input("\x0f");
  await h.waitForText("no older output kept to expand");
  // Any other key (here a letter, then Ctrl+U to clear it) also starts the walk again at the newest.
  h.input("\x0f");
  await h.until(() => count(term.lines(), "┌ shell printf 'beta-1") === 2, "beta printed a second time");
  h.input("\x0f");
  await h.until(() => count(term.lines(), "┌ shell printf 'alpha-1") === 2, "alpha printed a second time");
  h.input("x");
  h.input("\x15");
  h.input("\x0f");
  await h.until(() => count(term.lines(), "┌ shell printf 'beta-1") === 3, "the walk reset to the newest");

  // /expand N picks the N-th newest; /expand alone the newest.
  h.input("/expand 2\r");
  await h.until(() => count(term.lines(), "┌ shell printf 'alpha-1") === 3, "/expand 2");
  h.input("/expand 9\r");
  await h.waitForText("only 2 kept to expand");
  h.input("/expand\r");
  await h.until(() => count(term.lines(), "┌ shell printf 'beta-1") === 4, "/expand");
  await h.exit();
});

it("caps a long output at 500 rows and names the full-output file", async () => {
  outputDir = mkdtempSync(join(tmpdir(), "tandem-expand-"));
  h = startApp([shell("seq 1 3000 | sed 's/^/row-/'"), { text: "Counted." }], {
    tools: [createShellTool({ outputDir })],
  });
  h.input("count\r");
  await h.waitForText("Counted.");
  h.input("\x0f");
  await h.waitForText("more lines · full output:");
  const lines = h.term.lines();
  const head = lines.findIndex((l) => l.startsWith("┌ shell seq 1 3000"));
  const foot = lines.findIndex((l) => l.startsWith("└ … "));
  expect(head).toBeGreaterThan(-1);
  expect(foot - head - 1).toBe(500);
  expect(lines[head + 1]).toBe("│ row-1");
  expect(lines[head + 500]).toBe("│ row-500");
  const footer = lines.slice(foot, foot + 3).join("");
  expect(footer).toMatch(/^└ … \d+ more lines · full output: /);
  expect(footer).toContain(outputDir);
  await h.exit();
});
