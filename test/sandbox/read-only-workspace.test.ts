/**
 * A workspace tandem cannot write (chmod -w, a read-only mount) and `--sandbox read-only` with the workspace
 * under /tmp: bubblewrap could not make its placeholder or could not chdir, so every command failed. Read-only
 * commands must work; protection of a missing `.git`/`.tandem` falls back to the check after the command.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { canRunAsNobody, git, initCommittedRepo, makeTempDirs, runAsNobody } from "./helpers.ts";

const RUNNER = join(import.meta.dirname, "run-prepared.ts");
const READ_SCRIPT = "ls; cat a.txt; grep -r hello . --exclude-dir=.git; git status --short; echo status=$?";
const asRoot = process.getuid?.() === 0;
const haveUnshare = spawnSync("unshare", ["--version"]).status === 0;

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
  notes: string[];
}

function parse(r: ReturnType<typeof spawnSync>): Ran {
  if (r.status !== 0) throw new Error(`runner failed: ${r.stderr}`);
  return JSON.parse(String(r.stdout)) as Ran;
}

function expectReadsWork(r: Ran): void {
  expect(r.stderr).not.toMatch(/bwrap:/);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("a.txt");
  expect(r.stdout).toContain("hello");
  expect(r.stdout).toContain("status=0");
}

/** A committed repository with `a.txt` (hello) and an untracked file, and no `.tandem`. */
function makeRepo(ws: string): void {
  initCommittedRepo(ws);
  writeFileSync(join(ws, "a.txt"), "hello\n");
  git(ws, "commit", "-qam", "hello");
}

describe("read-only workspaces", () => {
  const dirs = makeTempDirs();
  afterEach(() => dirs.cleanup());

  it.runIf(canRunAsNobody)("chmod -w: ls, cat, grep and git status work; nothing is left behind", () => {
    const ws = dirs.make("ro-chmod");
    makeRepo(ws);
    rmSync(join(ws, ".git/hooks"), { recursive: true, force: true }); // a missing placeholder inside .git too
    spawnSync("chown", ["-R", "65534:65534", ws]);
    spawnSync("chmod", ["-R", "a-w", ws]);
    const before = readdirSync(ws).sort();
    const r = parse(runAsNobody([process.execPath, RUNNER, "workspace-write", ws, READ_SCRIPT], ws));
    expectReadsWork(r);
    expect(readdirSync(ws).sort()).toEqual(before);
    spawnSync("chmod", ["-R", "u+w", ws]);
  });

  it.runIf(asRoot && haveUnshare)("a read-only mount: the same commands work, writes fail", () => {
    const ws = dirs.make("ro-mount");
    makeRepo(ws);
    const mountAndRun = `mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && exec "$2" "$3" workspace-write "$1" "$4"`;
    const r = parse(
      spawnSync(
        "unshare",
        [
          "--mount",
          "--propagation",
          "private",
          "sh",
          "-c",
          mountAndRun,
          "sh",
          ws,
          process.execPath,
          RUNNER,
          `${READ_SCRIPT}; touch new.txt || echo refused`,
        ],
        { cwd: ws, encoding: "utf8" },
      ),
    );
    expectReadsWork(r);
    expect(r.stdout).toContain("refused");
    expect(readdirSync(ws).sort()).toEqual([".git", "a.txt"]);
  });

  it("--sandbox read-only with the workspace under /tmp (hidden by the private /tmp before)", () => {
    const ws = mkdtempSync(join(tmpdir(), "tandem-ro-mode-"));
    try {
      mkdirSync(join(ws, "sub"));
      makeRepo(ws);
      const r = parse(
        spawnSync(
          process.execPath,
          [RUNNER, "read-only", ws, `${READ_SCRIPT}; touch new.txt || echo refused`],
          {
            cwd: ws,
            encoding: "utf8",
          },
        ),
      );
      expectReadsWork(r);
      expect(r.stdout).toContain("refused");
      expect(readdirSync(ws).sort()).toEqual([".git", "a.txt", "sub"]);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});
