/**
 * Shared set-up for the git-directory and ignored-file undo tests: a real repository, the real gate in auto
 * mode with checkpoints, step backups and the journal, and the real shell tool. `run` checks, prepares, runs
 * and finishes a call the way the tool loop does (the next request then goes out: `requestSent`); `undo` is
 * what `tandem undo` calls once the session has ended.
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import type { AnyTool } from "../../src/core/tool.ts";
import {
  createCheckpointStore,
  createStepBackups,
  type StepBackupsOptions,
} from "../../src/safety/checkpoints/index.ts";
import { createSafetyGate } from "../../src/safety/gate.ts";
import { createUndoJournal, safetyPaths } from "../../src/safety/journal.ts";
import { undoLastStep } from "../../src/safety/undo.ts";
import { createShellTool } from "../../src/tools/shell.ts";

export const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: "t",
  GIT_AUTHOR_EMAIL: "t@t.invalid",
  GIT_COMMITTER_NAME: "t",
  GIT_COMMITTER_EMAIL: "t@t.invalid",
};

export const git = (cwd: string, args: string[]) =>
  execFileSync("git", args, { cwd, env: gitEnv, encoding: "utf8", stdio: "pipe" }).trim();

export interface StepHarness {
  root: string;
  ws: string;
  /** Where the step backups live. */
  dataDir: string;
  run(command: string): Promise<string>;
  undo(): Promise<string[]>;
  /** Lets the after-step backups (started by afterRun, not awaited) finish, as the next step would. */
  settle(): Promise<void>;
}

let counter = 0;

export async function createStepHarness(
  prepare: (ws: string) => Promise<void>,
  budgets: Partial<
    Pick<StepBackupsOptions, "maxFileBytes" | "maxStepBytes" | "gitCopyBudgetBytes" | "dir">
  > = {},
): Promise<StepHarness> {
  const root = await mkdtemp(join(tmpdir(), "tandem-step-backups-"));
  const ws = join(root, "ws");
  await mkdir(ws);
  git(ws, ["init", "-q", "-b", "main"]);
  await prepare(ws);
  const paths = safetyPaths(join(root, "home"), ws);
  const store = createCheckpointStore({ workspace: ws, storeDir: paths.storeDir });
  const journal = createUndoJournal(paths.journal);
  const options = { workspace: ws, storeDir: paths.storeDir, dir: paths.dataDir, ...budgets };
  const dataDir = options.dir;
  const gate = createSafetyGate({
    mode: "auto",
    workspace: ws,
    checkpoints: store,
    stepBackups: createStepBackups(options),
    journal,
    trashDir: paths.trashDir,
  });
  const shell = createShellTool({ baseEnv: gitEnv }) as AnyTool;
  const harness: StepHarness = {
    root,
    ws,
    dataDir,
    async run(command) {
      counter += 1;
      let call = { callId: `c${counter}`, tool: shell, args: { command } as Record<string, string>, cwd: ws };
      let decision = await gate.check(call);
      if (decision.action === "deny" && decision.reason.includes("justification")) {
        // A destructive command: re-issued with a justification, as the model is told to.
        call = { ...call, callId: `c${counter}j`, args: { command, justification: "test" } };
        decision = await gate.check(call);
      }
      expect(decision.action, JSON.stringify(decision)).toBe("allow");
      await gate.beforeRun?.(call);
      const signal = new AbortController().signal;
      const result = await shell.execute(call.args, { cwd: ws, callId: call.callId, signal });
      await gate.afterRun?.(call);
      // The loop's next model request goes out now: the after-step work waiting for it starts.
      gate.requestSent();
      return result.content;
    },
    async settle() {
      // The after-step backups run off the critical path; the next changing step waits for them. This one
      // changes nothing, so undo skips it.
      await harness.run("mkdir -p .");
    },
    async undo() {
      // The session has ended (`close` finished its after-step work) before the user runs `tandem undo`.
      await gate.close();
      // A separate process runs `tandem undo`: a fresh store and fresh backups, reading what is on disk.
      const undoStore = createCheckpointStore({ workspace: ws, storeDir: paths.storeDir });
      const result = await undoLastStep(
        createUndoJournal(paths.journal),
        undoStore,
        createStepBackups(options),
      );
      return result?.lines ?? ["nothing to undo"];
    },
  };
  return harness;
}

export async function removeHarness(h: StepHarness | undefined): Promise<void> {
  if (h) await rm(h.root, { recursive: true, force: true });
}

export async function writeFiles(ws: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(ws, name, ".."), { recursive: true });
    await writeFile(join(ws, name), content);
  }
}
