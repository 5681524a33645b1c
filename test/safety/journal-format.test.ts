/**
 * The undo journal's format (src/safety/journal-format.ts): a new journal is snake_case throughout (backup records
 * too) and starts with its version; a v1 journal (no header, camelCase keys: `callId`, a backup record's
 * `indexTree`…) is read through the migration, so `undo` still reverses its steps, and appending to it keeps it
 * readable (old and new lines together, read twice the same); a journal of a newer tandem is refused, readably.
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AnyTool } from "../../src/core/tool.ts";
import { createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { createSafetyGate } from "../../src/safety/gate.ts";
import { createUndoJournal, safetyPaths } from "../../src/safety/journal.ts";
import { undoLastStep } from "../../src/safety/undo.ts";
import { createShellTool } from "../../src/tools/shell.ts";

const env = {
  ...process.env,
  GIT_AUTHOR_NAME: "t",
  GIT_AUTHOR_EMAIL: "t@t.invalid",
  GIT_COMMITTER_NAME: "t",
  GIT_COMMITTER_EMAIL: "t@t.invalid",
};
const git = (cwd: string, args: string[]) => execFileSync("git", args, { cwd, env, encoding: "utf8" }).trim();

/** The keys v1 wrote in camelCase: the entries' call id and the backup records' fields. */
const V1_NAMES: Record<string, string> = {
  call_id: "callId",
  created_at: "createdAt",
  head_ref: "headRef",
  index_commit: "indexCommit",
  worktree_commit: "worktreeCommit",
  index_tree: "indexTree",
  worktree_tree: "worktreeTree",
  old_sha: "oldSha",
  new_sha: "newSha",
  backup_ref: "backupRef",
};

/** A value with its keys as v1 named them. */
function asV1(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asV1);
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [V1_NAMES[k] ?? k, asV1(v)]));
}

/** Every key at any depth that is not snake_case. */
function camelKeys(value: unknown, path = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => camelKeys(item, `${path}[${i}]`));
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    ...(/[A-Z]/.test(key) ? [`${path}.${key}`] : []),
    ...camelKeys(inner, `${path}.${key}`),
  ]);
}

const parseLines = (text: string) =>
  text
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

let root: string | undefined;
let closeGate: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeGate?.();
  closeGate = undefined;
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

/** A repository with an uncommitted edit, and `git checkout .` run through the real gate (backup first). */
async function discardedEdit() {
  root = await mkdtemp(join(tmpdir(), "tandem-journal-format-"));
  const ws = join(root, "ws");
  await mkdir(ws);
  git(ws, ["init", "-q", "-b", "main"]);
  await writeFile(join(ws, "a.txt"), "committed\n");
  git(ws, ["add", "a.txt"]);
  git(ws, ["commit", "-qm", "one"]);
  await writeFile(join(ws, "a.txt"), "uncommitted edit\n");
  const paths = safetyPaths(join(root, "home"), ws);
  const store = createCheckpointStore({ workspace: ws, storeDir: paths.storeDir });
  const journal = createUndoJournal(paths.journal);
  const gate = createSafetyGate({
    mode: "auto",
    workspace: ws,
    checkpoints: store,
    journal,
    trashDir: paths.trashDir,
  });
  closeGate = () => gate.close();
  const shell = createShellTool({ baseEnv: env }) as AnyTool;
  const command = "git checkout .";
  expect((await gate.check({ callId: "1", tool: shell, args: { command }, cwd: ws })).action).toBe("deny");
  const args = { command, justification: "test" };
  const call = { callId: "2", tool: shell, args, cwd: ws };
  expect((await gate.check(call)).action).toBe("allow");
  await gate.beforeRun?.(call);
  await shell.execute(args, { cwd: ws, callId: "2", signal: new AbortController().signal });
  await gate.afterRun?.(call);
  gate.requestSent();
  await gate.close();
  closeGate = undefined;
  expect(await readFile(join(ws, "a.txt"), "utf8")).toBe("committed\n");
  return { ws, store, file: paths.journal };
}

describe("the undo journal's format", () => {
  it("writes snake_case at any depth, after a header with its version", async () => {
    const { file } = await discardedEdit();
    const lines = parseLines(await readFile(file, "utf8"));
    expect(lines[0]).toEqual({ type: "journal", version: 2 });
    expect(lines.slice(1).map((l) => l.type)).toEqual(["backup", "after"]);
    expect(lines[1]).toMatchObject({
      call_id: "2",
      backups: [{ kind: "uncommitted", created_at: expect.any(String), index_tree: expect.any(String) }],
    });
    expect(camelKeys(lines)).toEqual([]);
  });

  it("reads a v1 journal (no header, camelCase) through the migration: undo reverses its step", async () => {
    const { ws, store, file } = await discardedEdit();
    // The same records as v1 wrote them: no header line, camelCase keys.
    const v1 = parseLines(await readFile(file, "utf8"))
      .slice(1)
      .map((line) => JSON.stringify(asV1(line)));
    await writeFile(file, `${v1.join("\n")}\n`);
    const old = await readFile(file, "utf8");
    expect(old).toContain('"callId":"2"');
    expect(old).toContain('"indexTree":');
    expect(old).not.toContain('"type":"journal"');

    const journal = createUndoJournal(file);
    const entries = await journal.read();
    expect(entries.map((e) => e.line)).toEqual([0, 1]);
    expect(camelKeys(entries)).toEqual([]);
    expect(entries[0]?.entry).toMatchObject({ type: "backup", call_id: "2" });

    const undone = await undoLastStep(journal, store);
    expect(undone?.entry.type).toBe("backup");
    expect(await readFile(join(ws, "a.txt"), "utf8")).toBe("uncommitted edit\n");

    // The undo appended its `undone` record in the new casing to the old file, without a header (it would not be
    // the first line): the file now mixes both, and reads the same each time.
    const mixed = await readFile(file, "utf8");
    expect(mixed.startsWith(old)).toBe(true);
    expect(mixed).not.toContain('"type":"journal"');
    const again = await createUndoJournal(file).read();
    expect(again).toEqual(await createUndoJournal(file).read());
    expect(again.map((e) => e.entry.type)).toEqual(["backup", "after", "undone"]);
    expect(again[2]?.entry).toMatchObject({ type: "undone", of: 0 });
    expect(await undoLastStep(createUndoJournal(file), store)).toBeNull();
  });

  it("refuses a journal of a newer tandem, saying so, and leaves it as it was", async () => {
    root = await mkdtemp(join(tmpdir(), "tandem-journal-format-"));
    const file = join(root, "x.undo.jsonl");
    const text = '{"type":"journal","version":3}\n{"type":"step","checkpoint":1,"label":"x","time":1}\n';
    await writeFile(file, text);
    await expect(createUndoJournal(file).read()).rejects.toThrow(/newer tandem \(format v3/);
    expect(await readFile(file, "utf8")).toBe(text);
  });
});
