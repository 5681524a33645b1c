/**
 * /diff output on a real checkpoint store: additions and deletions coloured, no colour codes with NO_COLOR,
 * capped to the given number of lines with a note of what was left out, and "no changes recorded" before
 * any checkpoint of this session.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { openCheckpointStore } from "../../src/app/workspace-history.ts";
import { createStyle } from "../../src/tui/style.ts";
import { diffOutput } from "../../src/tui/workspace-commands.ts";

let root = "";
let home = "";
let cwd = "";
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "tandem-diff-output-"));
  home = join(root, "home");
  cwd = join(root, "project");
  await mkdir(home);
  await mkdir(cwd);
});
afterEach(() => rm(root, { recursive: true, force: true }));

const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag} ${i}`).join("\n");

it("says no changes were recorded before this session's first checkpoint", async () => {
  await writeFile(join(cwd, "a.txt"), "old\n");
  await openCheckpointStore(home, cwd).create("before the session");
  const out = await diffOutput({ home, cwd, since: Date.now() + 1, style: createStyle(true), maxLines: 50 });
  expect(out).toEqual(["no changes recorded in this session"]);
});

it("colours +/- lines, drops colour with NO_COLOR, and caps the lines with a note", async () => {
  await writeFile(join(cwd, "a.txt"), `${lines(10, "old")}\n`);
  const since = Date.now();
  await openCheckpointStore(home, cwd).create("step");
  await writeFile(join(cwd, "a.txt"), `${lines(10, "new")}\n`);

  const colored = await diffOutput({ home, cwd, since, style: createStyle(true), maxLines: 100 });
  expect(colored[0]).toMatch(/^changes since checkpoint 1 .*: 1 file\(s\)$/);
  expect(colored).toContain("\x1b[32m+new 3\x1b[39m");
  expect(colored).toContain("\x1b[31m-old 3\x1b[39m");
  expect(colored.some((l) => l.includes("left out") || l.includes("more lines"))).toBe(false);

  const plain = await diffOutput({ home, cwd, since, style: createStyle(false), maxLines: 100 });
  expect(plain).toContain("+new 3");
  expect(plain).toContain("-old 3");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for colour escape codes
  expect(plain.join("\n")).not.toMatch(/\x1b\[3\dm/);

  const capped = await diffOutput({ home, cwd, since, style: createStyle(false), maxLines: 6 });
  expect(capped).toHaveLength(1 + 6 + 1);
  const total = plain.length - 1;
  expect(capped.at(-1)).toContain(`… ${total - 6} more lines not shown`);
  expect(capped.at(-1)).toContain("tandem checkpoints diff 1");
});
