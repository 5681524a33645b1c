/**
 * createSession's `env` reaches the git tandem runs on the host (issue 11 leftover): checkpoints, step backups,
 * and the destructive-action guard's inspections and backups in the user's repository start git from the
 * session's environment (sanitized), not the process's. The session's PATH here puts a logging `git` wrapper
 * first; the process's PATH does not have it, so only git started from the session's environment can write to
 * the log.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSession } from "../../src/index.ts";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { createGuardRepo } from "../support/guard-repo.ts";
import { baseEnv, createWorkspace, fakeProviderConfig } from "../support/run-tandem.ts";

const cli = registerCliE2E();

// The step's after-checkpoint runs off the request path and `close()` does not wait for it yet (reported), so
// its git may still be writing the store when the test ends: the workspace is removed with retries.
let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  root = undefined;
});

/** A workspace, and a session environment whose PATH starts with a `git` that logs its arguments. */
async function withLoggingGit() {
  const ws = await createWorkspace({
    config: fakeProviderConfig("openai-chat", cli.server.baseUrl("openai-chat")),
  });
  root = ws.root;
  const bin = join(ws.root, "wrapped-bin");
  const log = join(ws.root, "git-calls.log");
  await mkdir(bin);
  const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
  await writeFile(join(bin, "git"), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${realGit}' "$@"\n`);
  await chmod(join(bin, "git"), 0o755);
  expect(process.env.PATH?.split(":")).not.toContain(bin);
  const env = baseEnv({ TANDEM_HOME: ws.home, FAKE_API_KEY: "k", PATH: `${bin}:${process.env.PATH}` });
  const calls = () => (existsSync(log) ? readFileSync(log, "utf8") : "");
  return { ws, env, calls };
}

describe("createSession({ env }) and host git", () => {
  it("runs the checkpoints' git from the session's environment", async () => {
    const { ws, env, calls: logged } = await withLoggingGit();
    const session = await createSession({ cwd: ws.cwd, env, storage: "memory" });
    try {
      cli.server.enqueue(
        { kind: "reply", toolCalls: [{ name: "write", arguments: { path: "a.txt", content: "one\n" } }] },
        { kind: "reply", text: "written" },
      );
      expect((await session.run("write a.txt")).text).toBe("written");
    } finally {
      await session.close();
    }
    expect(await readFile(join(ws.cwd, "a.txt"), "utf8")).toBe("one\n");
    // The checkpoint before the write: the shadow store created and the workspace recorded, by the wrapper.
    const calls = logged();
    expect(calls, `git calls through the wrapper:\n${calls}`).toMatch(/^.*\binit\b.*--bare/m);
    expect(calls, `git calls through the wrapper:\n${calls}`).toMatch(/\bcommit-tree\b|\bwrite-tree\b/);
  });

  it("runs the guard's inspections and backups in the user's repository from the session's environment", async () => {
    const { ws, env, calls: logged } = await withLoggingGit();
    await createGuardRepo(ws.cwd, ws.root);
    await writeFile(join(ws.cwd, "notes.txt"), "precious uncommitted edit\n");
    // Full mode: no sandbox, so nothing but the guard stands between the model and `git reset --hard`.
    const session = await createSession({ cwd: ws.cwd, env, storage: "memory", mode: "full" });
    const reset = (justification?: string) => ({
      kind: "reply" as const,
      toolCalls: [
        {
          name: "shell",
          arguments: { command: "git reset --hard", ...(justification ? { justification } : {}) },
        },
      ],
    });
    try {
      cli.server.enqueue(reset(), reset("the user asked for a clean slate"), {
        kind: "reply",
        text: "reset",
      });
      expect((await session.run("reset the repository")).text).toBe("reset");
    } finally {
      await session.close();
    }
    // It ran, after the guard's backup.
    expect(await readFile(join(ws.cwd, "notes.txt"), "utf8")).toBe("v1\n");
    const calls = logged();
    // The inspection (what the reset would destroy) and the backup's ref: only the guard runs these.
    expect(calls, `git calls through the wrapper:\n${calls}`).toMatch(
      /\bdiff .*--cached --no-renames --name-status\b/,
    );
    expect(calls, `git calls through the wrapper:\n${calls}`).toMatch(
      /\bupdate-ref .*refs\/tandem\/backups\/uncommitted\//,
    );
  });
});
