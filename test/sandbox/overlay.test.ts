/**
 * An overlay run (PrepareOptions.overlay): the command sees and changes the workspace, but its changes land in the
 * upper folder and the workspace stays as it was until `mergeOverlay` puts them there — new, changed and deleted
 * files, a folder deleted and made again (opaque), links and modes. The sandbox's guards hold on the overlay as
 * on the workspace: protected git entries read-only, no placeholder left behind, secrets hidden, no network.
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createSandbox,
  mergeOverlay,
  type OverlayRun,
  overlaySupported,
  removeOverlayDirs,
  type Sandbox,
} from "../../src/sandbox/index.ts";
import { canRunAsNobody, git, initCommittedRepo, makeTempDirs, runAsNobody, runChecked } from "./helpers.ts";

const RUNNER = join(import.meta.dirname, "run-prepared.ts");

function listing(dir: string, rel = ""): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true })
    .flatMap((e) => {
      const path = rel ? `${rel}/${e.name}` : e.name;
      return e.isDirectory() ? [`${path}/`, ...listing(dir, path)] : [path];
    })
    .sort();
}

/** A command on `overlay`, then the sandbox's check after it; `out` is its stdout and stderr. */
async function run(sandbox: Sandbox, script: string, cwd: string, overlay: OverlayRun) {
  const r = await runChecked(sandbox, script, cwd, { overlay });
  return { ...r, out: r.stdout + r.stderr };
}

describe("sandbox overlay runs", () => {
  const dirs = makeTempDirs();
  afterEach(() => dirs.cleanup());
  beforeAll(async () => {
    // The CI machine and this one mount unprivileged overlays; a machine that cannot must not pass silently.
    expect(await overlaySupported("/var/tmp")).toBe(true);
  });

  function overlayDirs(): OverlayRun {
    const store = dirs.make("store");
    const run = { upper: join(store, "upper"), work: join(store, "work") };
    mkdirSync(run.upper);
    mkdirSync(run.work);
    return run;
  }

  it("leaves the workspace untouched until merged, then applies every kind of change", async () => {
    const ws = dirs.make("ws");
    writeFileSync(join(ws, "keep.txt"), "keep\n");
    writeFileSync(join(ws, "edit.txt"), "old\n");
    writeFileSync(join(ws, "gone.txt"), "gone\n");
    mkdirSync(join(ws, "redo"));
    writeFileSync(join(ws, "redo", "old.txt"), "old\n");
    mkdirSync(join(ws, "tree", "deep"), { recursive: true });
    writeFileSync(join(ws, "tree", "deep", "x.txt"), "x\n");
    writeFileSync(join(ws, "tool.sh"), "#!/bin/sh\n");
    const before = listing(ws);
    const sandbox = createSandbox({ workspace: ws, home: dirs.make("home") });
    const overlay = overlayDirs();
    const script = [
      "echo new > edit.txt",
      "rm gone.txt",
      "rm -r redo && mkdir redo && echo fresh > redo/new.txt",
      "rm -r tree",
      "mkdir -p made/sub && echo m > made/sub/m.txt",
      "ln -s keep.txt link",
      "chmod 755 tool.sh",
      "cat edit.txt; ls",
    ].join(" && ");
    const r = await run(sandbox, script, ws, overlay);
    expect(r.code).toBe(0);
    // The command saw its own changes...
    expect(r.out).toContain("new\n");
    expect(r.out).not.toContain("gone.txt");
    // ...and the workspace did not.
    expect(listing(ws)).toEqual(before);
    expect(readFileSync(join(ws, "edit.txt"), "utf8")).toBe("old\n");

    const merged = await mergeOverlay(ws, overlay);
    expect(merged.notes).toEqual([]);
    expect(listing(ws)).toEqual(
      [
        "edit.txt",
        "keep.txt",
        "link",
        "made/",
        "made/sub/",
        "made/sub/m.txt",
        "redo/",
        "redo/new.txt",
        "tool.sh",
      ].sort(),
    );
    expect(readFileSync(join(ws, "edit.txt"), "utf8")).toBe("new\n");
    expect(readFileSync(join(ws, "redo", "new.txt"), "utf8")).toBe("fresh\n");
    expect(readlinkSync(join(ws, "link"))).toBe("keep.txt");
    expect(statSync(join(ws, "tool.sh")).mode & 0o777).toBe(0o755);
    // Idempotent: a second merge (a crash after the first) changes nothing.
    const again = await mergeOverlay(ws, overlay);
    expect(again.notes).toEqual([]);
    expect(readFileSync(join(ws, "redo", "new.txt"), "utf8")).toBe("fresh\n");
    await removeOverlayDirs(join(overlay.upper, ".."));
  });

  it("keeps the guards: protected git entries read-only, no .tandem, no placeholder merged, no network", async () => {
    const ws = dirs.make("repo");
    initCommittedRepo(ws);
    const home = dirs.make("home");
    mkdirSync(join(home, ".ssh"));
    writeFileSync(join(home, ".ssh", "id_rsa"), "SECRET\n");
    const sandbox = createSandbox({ workspace: ws, home, placeholderLingerMs: 0 });
    const overlay = overlayDirs();
    const tries = [
      "echo x >> .git/config && echo CONFIG-WRITTEN",
      "echo x > .git/hooks/pre-commit && echo HOOK-WRITTEN",
      "mkdir -p .tandem && echo x > .tandem/rules.toml && echo RULES-WRITTEN",
      `cat ${home}/.ssh/id_rsa`,
      "(exec 3<>/dev/tcp/1.1.1.1/53) 2>/dev/null && echo NET-OPEN",
      "echo work > a.txt && git add a.txt && echo ADDED",
    ];
    const r = await run(sandbox, tries.map((t) => `(${t}) ;`).join(" "), ws, overlay);
    expect(r.out).not.toMatch(/CONFIG-WRITTEN|HOOK-WRITTEN|RULES-WRITTEN|SECRET|NET-OPEN/);
    expect(r.out).toContain("ADDED");
    expect(git(ws, "status", "--porcelain")).toBe(""); // untouched until merged
    const merged = await mergeOverlay(ws, overlay);
    expect(merged.notes).toEqual([]);
    expect(overlay.afterMerge?.()).toEqual([]);
    expect(existsSync(join(ws, ".tandem"))).toBe(false);
    expect(git(ws, "status", "--porcelain")).toBe("M  a.txt");
    expect(readFileSync(join(ws, ".git", "config"), "utf8")).not.toContain("\nx\n");
  });

  it("a .git/commondir the command planted is moved aside right after the merge, before git runs", async () => {
    const ws = dirs.make("repo-redirect");
    initCommittedRepo(ws);
    const sandbox = createSandbox({ workspace: ws, home: dirs.make("home"), placeholderLingerMs: 0 });
    const overlay = overlayDirs();
    const plant = 'mkdir -p evil.git && echo "$PWD/evil.git" > .git/commondir';
    const r = await run(sandbox, plant, ws, overlay);
    expect(r.code).toBe(0);
    expect(r.notes).toEqual([]); // nothing to check in the workspace yet
    expect(existsSync(join(ws, ".git/commondir"))).toBe(false);
    await mergeOverlay(ws, overlay);
    const notes = overlay.afterMerge?.() ?? [];
    expect(notes.join("\n")).toContain("commondir");
    expect(existsSync(join(ws, ".git/commondir"))).toBe(false);
    expect(git(ws, "log", "--format=%s")).toBe("one");
  });

  it("a sub-folder workspace without .git keeps no placeholder after the merge", async () => {
    const repo = dirs.make("mono");
    initCommittedRepo(repo);
    const pkg = join(repo, "pkg");
    mkdirSync(pkg);
    writeFileSync(join(pkg, "i.js"), "x\n");
    const sandbox = createSandbox({ workspace: pkg, home: dirs.make("home"), placeholderLingerMs: 0 });
    const overlay = overlayDirs();
    const r = await run(sandbox, "echo y > n.js", pkg, overlay);
    expect(r.code).toBe(0);
    expect(listing(pkg)).toEqual(["i.js"]);
    await mergeOverlay(pkg, overlay);
    expect(listing(pkg)).toEqual(["i.js", "n.js"]);
  });

  it("a link in the way is replaced, not written through, and the new mode is kept", async () => {
    const ws = dirs.make("ws");
    writeFileSync(join(ws, "target.txt"), "t\n");
    symlinkSync("target.txt", join(ws, "was-link"));
    const sandbox = createSandbox({ workspace: ws, home: dirs.make("home") });
    const overlay = overlayDirs();
    const r = await run(sandbox, "rm was-link && echo plain > was-link && chmod 600 was-link", ws, overlay);
    expect(r.code).toBe(0);
    await mergeOverlay(ws, overlay);
    expect(lstatSync(join(ws, "was-link")).isFile()).toBe(true);
    expect(readFileSync(join(ws, "target.txt"), "utf8")).toBe("t\n"); // not written through the old link
    expect(statSync(join(ws, "was-link")).mode & 0o777).toBe(0o600);
    chmodSync(ws, 0o755);
  });

  it.runIf(canRunAsNobody)(
    "as an unprivileged user: the command keeps the user's id, the guards hold, the merge applies",
    () => {
      const ws = dirs.make("ws-nobody");
      initCommittedRepo(ws);
      const store = dirs.make("store-nobody");
      mkdirSync(join(store, "upper"));
      mkdirSync(join(store, "work"));
      for (const dir of [ws, store]) spawnSync("chown", ["-R", "65534:65534", dir]);
      const script = "id -u; echo x >> .git/config || echo CONFIG-REFUSED; echo mine > made.txt; rm a.txt";
      const r = runAsNobody([process.execPath, RUNNER, "workspace-write", ws, script, store], ws);
      const ran = JSON.parse(r.stdout) as { code: number; stdout: string; notes: string[] };
      expect(ran.stdout.split("\n")[0]).toBe("65534");
      expect(ran.stdout).toContain("CONFIG-REFUSED");
      expect(ran.notes).toEqual([]);
      expect(readFileSync(join(ws, "made.txt"), "utf8")).toBe("mine\n");
      expect(statSync(join(ws, "made.txt")).uid).toBe(65534);
      expect(existsSync(join(ws, "a.txt"))).toBe(false);
    },
  );
});
