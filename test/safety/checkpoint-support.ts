/** Shared helpers for checkpoint and backup tests: temp dirs, real git with a test identity, file-tree snapshots. */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { type CheckpointStoreOptions, createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { held } from "../support/held.ts";

export const GIT_TEST_ENV: Record<string, string> = {
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
};

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `tandem-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs real git in `cwd` with a test identity and no user config; returns trimmed stdout. */
export function git(cwd: string, ...args: string[]): string {
  const env: NodeJS.ProcessEnv = { ...process.env, ...GIT_TEST_ENV };
  for (const key of ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"]) delete env[key];
  return execFileSync("git", ["-c", "init.defaultBranch=main", ...args], {
    cwd,
    env,
    encoding: "utf8",
  }).trim();
}

export function bash(cwd: string, script: string): string {
  return execFileSync("bash", ["-c", script], { cwd, encoding: "utf8" });
}

/** Writes files (creating parent dirs) from a path → content map. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
}

/** A big workspace: `count` small files spread over 100 folders `d0`…`d99` (`d3/f103.txt` holds "file 103"). */
export function writeSpread(root: string, count: number): void {
  for (let d = 0; d < 100; d++) {
    mkdirSync(path.join(root, `d${d}`), { recursive: true });
    for (let i = d; i < count; i += 100) writeFileSync(path.join(root, `d${d}`, `f${i}.txt`), `file ${i}\n`);
  }
}

/**
 * Every file under `root` as path → content (symlinks as "-> target", empty dirs as "<dir>"), skipping the
 * given top-level names. Two equal results mean byte-identical trees.
 */
export function readTree(root: string, skip: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, rel: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true });
    if (entries.length === 0 && rel) out[`${rel}/`] = "<dir>";
    for (const entry of entries) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (!rel && skip.includes(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) out[childRel] = `-> ${readlinkSync(full)}`;
      else if (entry.isDirectory()) walk(full, childRel);
      else out[childRel] = readFileSync(full, "latin1");
    }
  };
  walk(root, "");
  return out;
}

/** sha256 over every file of a directory (paths and bytes): detects any change, even a rewritten index. */
export function hashDir(root: string): string {
  const hash = createHash("sha256");
  const tree = readTree(root);
  for (const key of Object.keys(tree).sort()) hash.update(`${key}\0${tree[key]}\0`);
  return hash.digest("hex");
}

/**
 * A checkpoint store whose first record, once `warm()` starts it, waits at its start (`record.reached`) until
 * `record.release()`: for the steps that come while the record still runs.
 */
export function storeWithHeldRecord(options: CheckpointStoreOptions): {
  record: ReturnType<typeof held>;
  store: ReturnType<typeof createCheckpointStore>;
} {
  const record = held();
  return { record, store: createCheckpointStore({ ...options, beforeFirstRecord: record.hold }) };
}
