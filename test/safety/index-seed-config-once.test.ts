/**
 * Issue #11 ("Speed"): the index seed reads the user's repository config once for its few calls (rev-parse,
 * config, pack-objects), not once before each (host-git/invocation.ts `configCache`): each read is a git process,
 * 5–10 ms of tandem's main thread to start. Counted with a `git` that logs its arguments.
 */
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { seedFromUserIndex } from "../../src/safety/checkpoints/index-seed.ts";
import { createShadowRepo } from "../../src/safety/checkpoints/shadow-repo.ts";
import { git, tempDir, writeFiles } from "./checkpoint-support.ts";

let root: { dir: string; cleanup: () => void } | undefined;
afterEach(() => root?.cleanup());

it("reads the user's config once for the whole seed, and still seeds every file", async () => {
  root = tempDir("seed-config-once");
  const ws = path.join(root.dir, "ws");
  const files: Record<string, string> = {};
  for (let i = 0; i < 10; i++) files[`f${i}.txt`] = `file ${i}\n`;
  writeFiles(ws, files);
  git(ws, "init", "-q");
  git(ws, "add", "-A");
  git(ws, "commit", "-qm", "init");
  const log = path.join(root.dir, "calls.log");
  const logging = path.join(root.dir, "git-logging");
  writeFileSync(logging, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec git "$@"\n`);
  chmodSync(logging, 0o755);
  const storeDir = path.join(root.dir, "store");
  const repo = createShadowRepo({ workspace: ws, storeDir });
  await repo.init();
  expect(await seedFromUserIndex({ repo, storeDir, git: logging })).toEqual({ seeded: 10, skipped: 0 });
  const calls = readFileSync(log, "utf8").trim().split("\n");
  expect(calls.filter((line) => line.includes("config --list --show-scope"))).toHaveLength(1);
  expect(calls.some((line) => line.includes("pack-objects"))).toBe(true);
});
