import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  backupPaths,
  dryRunArgs,
  inspectGitClean,
  restoreBackup,
  type TrashBackup,
} from "../../src/safety/backup/index.ts";
import { git, readTree, tempDir, writeFiles } from "./checkpoint-support.ts";

describe("backup before git clean", () => {
  let root: { dir: string; cleanup: () => void };
  let repo: string;
  beforeEach(() => {
    root = tempDir("bk-clean");
    repo = path.join(root.dir, "repo");
    writeFiles(repo, { ".gitignore": "node_modules/\n*.log\n", "src/main.ts": "main\n" });
    git(repo, "init", "-q");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "init");
    writeFiles(repo, {
      "node_modules/dep/index.js": "dep\n",
      "node_modules/dep/package.json": "{}\n",
      "debug.log": "0123456789",
      "notes.txt": "untracked\n",
      "src/draft/idea.ts": "idea\n",
      "src/tab\tname.txt": "odd name\n",
    });
  });
  afterEach(() => root.cleanup());

  it("turns the command's flags into a dry run", () => {
    expect(dryRunArgs(["-fdx"])).toEqual(["-fdx", "-n"]);
    expect(dryRunArgs(["-fdqi", "--quiet", "-e", "keep", "--", "src"])).toEqual([
      "-fd",
      "-e",
      "keep",
      "-n",
      "--",
      "src",
    ]);
    expect(dryRunArgs(["-fxekeep"])).toEqual(["-fx", "-e", "keep", "-n"]);
  });

  it("lists exactly what -fdx and -fd would delete", async () => {
    const all = await inspectGitClean(repo, ["-fdx"]);
    expect(all.paths.map((p) => p.path).sort()).toEqual([
      "debug.log",
      "node_modules/",
      "notes.txt",
      "src/draft/",
      "src/tab\tname.txt",
    ]);
    expect(all.totals).toEqual({ files: 6, bytes: 4 + 3 + 10 + 10 + 5 + 9 });
    // From a subdirectory git clean only cleans below it; the dry run says so.
    const notIgnored = await inspectGitClean(path.join(repo, "src"), ["-f", "-d"]);
    expect(notIgnored.paths.map((p) => p.path).sort()).toEqual(["draft/", "tab\tname.txt"]);
    expect(notIgnored.paths[0]?.absolute).toBe(path.join(repo, "src/draft"));
    expect(existsSync(path.join(repo, "node_modules"))).toBe(true);
  });

  it("backup + real `git clean -fdx` + restore loses nothing", async () => {
    const before = readTree(repo, [".git"]);
    const trash = path.join(root.dir, "session-trash");
    const inspection = await inspectGitClean(repo, ["-fdx"]);
    const record = await backupPaths(
      repo,
      inspection.paths.map((p) => p.absolute),
      trash,
    );
    expect(readTree(repo, [".git"])).toEqual(before); // copy mode: originals stay for the real command
    git(repo, "clean", "-fdxq");
    expect(readTree(repo, [".git"])).toEqual({
      ".gitignore": "node_modules/\n*.log\n",
      "src/main.ts": "main\n",
    });

    const report = await restoreBackup(JSON.parse(JSON.stringify(record)) as TrashBackup);
    expect(report.conflicts).toEqual([]);
    expect(readTree(repo, [".git"])).toEqual(before);
    expect(existsSync(record.dir)).toBe(false);
  });
});
