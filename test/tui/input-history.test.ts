/**
 * Sent messages persist in TANDEM_HOME/history.jsonl: appended one JSON string per line, read back by the
 * next UI, a corrupt (torn) last line skipped, at most 1,000 kept. And through the real app: Up on an empty
 * composer recalls an earlier session's message, and what is sent now is appended.
 */
import { writeFileSync } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import {
  appendInputHistory,
  inputHistoryPath,
  loadInputHistory,
  MAX_INPUT_HISTORY,
} from "../../src/tui/input-history.ts";
import { type AppHarness, startApp } from "./support/app-harness.ts";

let home: string | undefined;
let h: AppHarness | undefined;
afterEach(async () => {
  h?.dispose();
  h = undefined;
  if (home) await rm(home, { recursive: true, force: true });
});

it("appends entries and reads them back after reopening, multi-line text included", async () => {
  // A TANDEM_HOME that does not exist yet: the first append creates it. `home` is the temp folder removed after.
  home = await mkdtemp(join(tmpdir(), "tandem-history-"));
  const fresh = join(home, "not-yet");
  expect(await loadInputHistory(fresh)).toEqual([]);
  await appendInputHistory(fresh, "first");
  await appendInputHistory(fresh, 'two\nlines with "quotes"');
  expect(await readFile(inputHistoryPath(fresh), "utf8")).toBe('"first"\n"two\\nlines with \\"quotes\\""\n');
  expect(await loadInputHistory(fresh)).toEqual(["first", 'two\nlines with "quotes"']);
  expect((await stat(inputHistoryPath(fresh))).mode & 0o777).toBe(0o600);
});

it("skips a corrupt last line, and the next append starts on a line of its own", async () => {
  home = await mkdtemp(join(tmpdir(), "tandem-history-"));
  await writeFile(inputHistoryPath(home), '"kept"\n"torn wri');
  expect(await loadInputHistory(home)).toEqual(["kept"]);
  await appendInputHistory(home, "after");
  expect(await loadInputHistory(home)).toEqual(["kept", "after"]);
});

it("keeps at most 1,000 entries, the newest, and trims the file", async () => {
  home = await mkdtemp(join(tmpdir(), "tandem-history-"));
  const all = Array.from({ length: MAX_INPUT_HISTORY + 50 }, (_, i) => `message ${i}`);
  await writeFile(inputHistoryPath(home), all.map((m) => `${JSON.stringify(m)}\n`).join(""));
  const loaded = await loadInputHistory(home);
  expect(MAX_INPUT_HISTORY).toBe(1000);
  expect(loaded).toHaveLength(1000);
  expect(loaded[0]).toBe("message 50");
  expect(loaded.at(-1)).toBe(`message ${MAX_INPUT_HISTORY + 49}`);
  const lines = (await readFile(inputHistoryPath(home), "utf8")).trimEnd().split("\n");
  expect(lines).toHaveLength(1000);
});

it("Up in the app walks an earlier session's messages, and a sent message is appended", async () => {
  h = startApp([{ text: "Answer." }], {}, { cols: 100, rows: 30 }, (dir) =>
    writeFileSync(inputHistoryPath(dir), '"from an earlier session"\n'),
  );
  const app = h;
  const composerRow = () => app.term.screen().filter(Boolean).at(-2) ?? "";
  // The load is asynchronous: press Up until the earlier message shows.
  await app.until(() => {
    if (composerRow().includes("from an earlier session")) return true;
    app.input("\x1b[A");
    return false;
  }, "the earlier session's message");
  app.input("\x03");
  app.input("hello now\r");
  await app.waitForText("Answer.");
  await app.until(() => composerRow().includes("Type a message"), "an empty composer");
  // The append is asynchronous too: wait for it, then check the file holds both, in order.
  let saved = "";
  for (const end = Date.now() + 10_000; !saved.includes("hello now") && Date.now() < end; ) {
    saved = await readFile(inputHistoryPath(app.home), "utf8");
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(saved).toBe('"from an earlier session"\n"hello now"\n');
  await app.exit();
});
