/**
 * The empty `.git/` and `.tandem/` mount points bubblewrap makes for missing entries are removed after the
 * command, or after a burst of commands (the folder is as it was, `git clean` in a parent repository works),
 * while the command still cannot create them, and a placeholder another running command mounts is not removed
 * under it.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSandbox } from "../../src/sandbox/index.ts";
import { git, initCommittedRepo, makeTempDirs, runChecked } from "./helpers.ts";

/** Every entry under `dir`, recursively, with its kind: a byte-for-byte comparable listing. */
function listing(dir: string, rel = ""): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const path = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? [`${path}/`, ...listing(dir, path)] : [path];
  });
}

describe("sandbox placeholders", () => {
  const dirs = makeTempDirs();
  afterEach(() => dirs.cleanup());

  function monorepo(): { repo: string; pkg: string } {
    const repo = dirs.make("mono");
    initCommittedRepo(repo);
    const pkg = join(repo, "packages", "app");
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, "index.js"), "x\n");
    return { repo, pkg };
  }

  it("a folder without .git and .tandem lists the same after a shell call, and git clean -n works", async () => {
    const { repo, pkg } = monorepo();
    const before = listing(pkg);
    const sandbox = createSandbox({ workspace: pkg, home: dirs.make("home"), placeholderLingerMs: 0 });
    const r = await runChecked(sandbox, "ls && echo y > new.txt && rm new.txt", pkg);
    expect(r.code).toBe(0);
    expect(listing(pkg)).toEqual(before);
    expect(git(repo, "clean", "-nd")).toBe("Would remove packages/");
    git(repo, "clean", "-fdq");
    expect(existsSync(join(repo, "packages"))).toBe(false);
  });

  it("still refuses creating .git (git init) and .tandem during the command", async () => {
    const { pkg } = monorepo();
    const sandbox = createSandbox({ workspace: pkg, home: dirs.make("home") });
    const init = await runChecked(sandbox, "git init -q . && echo x > .git/hooks/pre-commit", pkg);
    const rules = await runChecked(sandbox, "mkdir -p .tandem && echo 'x' > .tandem/rules.toml", pkg);
    expect(init.code).not.toBe(0);
    expect(rules.code).not.toBe(0); // also in the placeholder kept from the first command
    sandbox.flush();
    expect(readdirSync(pkg)).toEqual(["index.js"]);
  });

  it("a placeholder another running command mounts is kept until that command ends", async () => {
    const ws = dirs.make("ws");
    const sandbox = createSandbox({ workspace: ws, home: dirs.make("home"), placeholderLingerMs: 0 });
    const flag = join(ws, "go");
    // A waits for the flag, then tries to create .tandem: its placeholder must still be mounted by then.
    const slow = sandbox.prepare(
      [
        "bash",
        "-c",
        `while [ ! -e go ]; do sleep 0.05; done; mkdir .tandem/x 2>&1 || mkdir .tandem 2>&1; ls -A`,
      ],
      ws,
    );
    const [file, ...args] = slow.argv;
    const child = spawn(file as string, args, { cwd: ws, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    for (let i = 0; i < 100 && !existsSync(join(ws, ".tandem")); i++)
      await new Promise((r) => setTimeout(r, 20));
    const quick = await runChecked(sandbox, "true", ws); // B starts and ends while A runs
    expect(quick.code).toBe(0);
    expect(existsSync(join(ws, ".tandem"))).toBe(true);
    writeFileSync(flag, "");
    await exited;
    slow.finish();
    expect(out).toMatch(/Read-only file system/);
    expect(readdirSync(ws)).toEqual(["go"]);
  });

  it("an empty .git the user made is not ours: it stays", async () => {
    const ws = dirs.make("ws");
    mkdirSync(join(ws, ".git"));
    const sandbox = createSandbox({ workspace: ws, home: dirs.make("home") });
    const r = await runChecked(sandbox, "mkdir .git/objects || true", ws);
    expect(r.code).toBe(0);
    sandbox.flush();
    expect(readdirSync(ws)).toEqual([".git"]);
    expect(readdirSync(join(ws, ".git"))).toEqual([]); // and no command may build a repository in it
    expect(() => execFileSync("git", ["-C", ws, "rev-parse", "--git-dir"], { stdio: "pipe" })).toThrow();
  });

  it("a burst of commands keeps one placeholder: made once, removed after the burst or by flush", async () => {
    const ws = dirs.make("ws");
    const sandbox = createSandbox({ workspace: ws, home: dirs.make("home"), placeholderLingerMs: 300 });
    expect((await runChecked(sandbox, "true", ws)).code).toBe(0);
    const inode = statSync(join(ws, ".git")).ino; // kept for the next command
    expect((await runChecked(sandbox, "true", ws)).code).toBe(0);
    expect(statSync(join(ws, ".git")).ino).toBe(inode);
    await new Promise((r) => setTimeout(r, 600));
    expect(readdirSync(ws)).toEqual([]); // the burst ended: gone without anyone asking
    expect((await runChecked(sandbox, "true", ws)).code).toBe(0);
    expect(existsSync(join(ws, ".tandem"))).toBe(true);
    sandbox.flush();
    expect(readdirSync(ws)).toEqual([]);
  });

  it("a kept or mounted empty .git stays unwritable: no command builds a repository in it", async () => {
    const ws = dirs.make("ws");
    const sandbox = createSandbox({ workspace: ws, home: dirs.make("home"), placeholderLingerMs: 0 });
    // A holds the placeholder (mounted) while B runs: B sees an empty .git on the host.
    const slow = sandbox.prepare(["bash", "-c", "while [ ! -e go ]; do sleep 0.05; done"], ws);
    const [file, ...args] = slow.argv;
    const child = spawn(file as string, args, { cwd: ws, stdio: "ignore" });
    const exited = new Promise((resolve) => child.on("close", resolve));
    for (let i = 0; i < 100 && !existsSync(join(ws, ".git")); i++)
      await new Promise((r) => setTimeout(r, 20));
    const build = await runChecked(
      sandbox,
      "mkdir -p .git/objects .git/refs; echo 'ref: refs/heads/main' > .git/HEAD; git config core.fsmonitor 'touch HOSTMARK'",
      ws,
    );
    writeFileSync(join(ws, "go"), "");
    await exited;
    slow.finish();
    expect(build.stderr).toMatch(/Read-only file system/);
    expect(readdirSync(ws)).toEqual(["go"]); // no repository, no config for the user's next git to run
  });

  it("the placeholders kept for the next command are removed when the process exits", () => {
    const ws = dirs.make("ws");
    const home = dirs.make("home");
    const script = `
      import { createSandbox } from ${JSON.stringify(join(process.cwd(), "src/sandbox/index.ts"))};
      import { spawnSync } from "node:child_process";
      import { readdirSync } from "node:fs";
      const sandbox = createSandbox({ workspace: ${JSON.stringify(ws)}, home: ${JSON.stringify(home)}, placeholderLingerMs: 60000 });
      const p = sandbox.prepare(["true"], ${JSON.stringify(ws)});
      const [file, ...args] = p.argv;
      spawnSync(file, args, { cwd: ${JSON.stringify(ws)} });
      p.finish();
      console.log(JSON.stringify(readdirSync(${JSON.stringify(ws)}).sort()));
    `;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([".git", ".tandem"]); // kept while the process lived
    expect(readdirSync(ws)).toEqual([]);
  });
});
