/**
 * What the user sent, across sessions: `TANDEM_HOME/history.jsonl`, one JSON string per line, oldest first.
 * A send appends one line (no rewrite, so two UIs open at once both keep theirs). Loading skips lines that do
 * not parse (a write cut short leaves a corrupt last line) and, when the file holds more than the cap, rewrites
 * it atomically with only the newest entries.
 */

import { open, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { makeDir } from "../util/make-dir.ts";

/** Entries kept. */
export const MAX_INPUT_HISTORY = 1000;
/**
 * A sent line longer than this (a big paste) is not saved: the file is read whole at start-up, and a few
 * hundred multi-megabyte pastes would make it too big to read at all. Up still recalls it in this session.
 */
export const MAX_SAVED_CHARS = 100_000;

export const inputHistoryPath = (home: string) => join(home, "history.jsonl");

/** The saved entries, oldest first, at most `max` (default 1,000); [] when there is no file yet. */
export async function loadInputHistory(home: string, max = MAX_INPUT_HISTORY): Promise<string[]> {
  const path = inputHistoryPath(home);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const entries: string[] = [];
  let lines = 0;
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    lines++;
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value === "string" && value.trim() && entries.at(-1) !== value) entries.push(value);
    } catch {
      // A torn or foreign line: skip it, keep the rest.
    }
  }
  const kept = entries.slice(-max);
  if (lines > max) {
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, kept.map((e) => `${JSON.stringify(e)}\n`).join(""), { mode: 0o600 });
    await rename(temp, path);
  }
  return kept;
}

/**
 * Appends one entry (not one over MAX_SAVED_CHARS). A file whose last line was cut short gets a newline first,
 * so only that line is lost.
 */
export async function appendInputHistory(home: string, text: string): Promise<void> {
  if (text.length > MAX_SAVED_CHARS) return;
  await makeDir(home);
  // Private to the user: what they typed may include things they would not share.
  const file = await open(inputHistoryPath(home), "a+", 0o600);
  try {
    const { size } = await file.stat();
    let lead = "";
    if (size > 0) {
      const last = Buffer.alloc(1);
      await file.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) lead = "\n";
    }
    await file.appendFile(`${lead}${JSON.stringify(text)}\n`);
  } finally {
    await file.close();
  }
}
