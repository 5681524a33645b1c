/**
 * `@` mentions and long pastes through the real app (real agent, real file index with ripgrep over a temp
 * git repository, scripted model): the popup opens as `@sr` is typed and narrows, Down moves, Tab accepts,
 * Esc closes it without interrupting the running turn; a long paste shows as a placeholder and the model
 * receives the full text.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { type AppHarness, startApp } from "./support/app-harness.ts";

let h: AppHarness | undefined;
let root: string | undefined;
afterEach(() => {
  h?.dispose();
  if (root) rmSync(root, { recursive: true, force: true });
  h = undefined;
  root = undefined;
});

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "tandem-mention-"));
  for (const path of [
    "src/render.ts",
    "src/server.ts",
    "docs/guide.md",
    "notes/a b.txt",
    "dist/src-map.js",
  ]) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), "x\n");
  }
  writeFileSync(join(dir, ".gitignore"), "dist/\n");
  execFileSync("git", ["init", "-q"], { cwd: dir });
  return dir;
}

const popupRows = (harness: AppHarness) => harness.term.lines().filter((l) => l.startsWith("  @"));
const composerRow = (harness: AppHarness) => harness.term.lines().findLast((l) => l.startsWith("› ")) ?? "";

it("completes @sr with Tab from a popup that follows typing", async () => {
  root = workspace();
  h = startApp([{ text: "Read it." }], { cwd: root });
  const harness = h;
  harness.input("look at @sr");
  await harness.until(
    () => popupRows(harness).length > 0 && !popupRows(harness)[0]?.includes("listing"),
    "the popup",
  );
  const rows = popupRows(harness).map((r) => r.trim());
  expect(rows).toContain("@src/");
  expect(rows).toContain("@src/server.ts");
  // The ignored folder is never offered.
  expect(rows.some((r) => r.includes("dist"))).toBe(false);
  harness.input("ver");
  await harness.until(
    () =>
      popupRows(harness)
        .map((r) => r.trim())
        .join("|") === "@src/server.ts",
    "the narrowed popup",
  );
  harness.input("\t");
  await harness.until(() => popupRows(harness).length === 0, "the popup to close");
  expect(composerRow(harness)).toBe("› look at @src/server.ts  ");

  // A name with a space is quoted; Down picks the second match.
  harness.input("and @a");
  await harness.until(() => popupRows(harness).some((r) => r.includes("a b.txt")), "the spaced name");
  const names = popupRows(harness).map((r) => r.trim());
  harness.input("\x1b[B");
  harness.input("\t");
  const second = names[1] ?? "";
  const expectedText = second.includes(" ") ? `@"${second.slice(1)}"` : second;
  await harness.until(
    () => composerRow(harness).includes(expectedText),
    `the composer to hold ${expectedText}`,
  );
  harness.input("\x15"); // Ctrl+U
  harness.input("read @notes/a\t");
  await harness.until(() => composerRow(harness).includes('read @"notes/a b.txt" '), "the quoted mention");
  harness.input("\r");
  await harness.waitForText("Read it.");
  // The model gets the text with the mention as typed; it reads the file itself.
  expect(JSON.stringify(harness.client.requests[0]?.messages)).toContain('read @\\"notes/a b.txt\\"');
  await harness.exit();
});

it("Esc closes the popup without interrupting the turn; Enter without a popup sends", async () => {
  root = workspace();
  h = startApp([{ hang: true, text: "Working on it" }, { text: "Done." }], { cwd: root });
  const harness = h;
  harness.input("start\r");
  await harness.waitForText("Working on it");
  harness.input("@doc");
  await harness.until(() => popupRows(harness).some((r) => r.includes("@docs/guide.md")), "the popup");
  harness.input("\x1b");
  await harness.until(() => popupRows(harness).length === 0, "the popup to close");
  // Typing on in the same word keeps it closed; the turn is still running.
  harness.input("s");
  await harness.until(() => composerRow(harness).includes("@docs"), "the typed letter");
  expect(popupRows(harness)).toEqual([]);
  expect(harness.term.lines().join("\n")).not.toContain("interrupted");
  expect(harness.term.lines().join("\n")).toMatch(/working \d+s · Esc to interrupt/);
  // Now Esc interrupts, as there is no popup.
  harness.input("\x1b");
  await harness.waitForText("interrupted");
  await harness.exit();
});

it("collapses a long paste to a placeholder and sends it in full", async () => {
  root = workspace();
  h = startApp([{ text: "Got the log." }], { cwd: root });
  const harness = h;
  const log = Array.from({ length: 30 }, (_, i) => `log line ${i + 1}`).join("\n");
  harness.input("see ");
  harness.input(`\x1b[200~${log}\x1b[201~`);
  await harness.waitForText("see [Pasted text #1 +30 lines]");
  expect(harness.term.lines().join("\n")).not.toContain("log line 2");
  harness.input(" ok\r");
  await harness.waitForText("Got the log.");
  const sent = JSON.stringify(harness.client.requests[0]?.messages);
  expect(sent).toContain(JSON.stringify(`see ${log} ok`).slice(1, -1));
  expect(sent).not.toContain("Pasted text");
  await harness.exit();
});
