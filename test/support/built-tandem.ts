/**
 * A built tandem run as a user runs it (the bundle through its launcher, an installed `tandem` on the PATH):
 * `--version` prints package.json's version, then `exec PROMPT` answers from the fake model server without an
 * internal error. Shared by the bundle and README-install tests; each checks what its run did.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { FakeModelServer } from "./fake-model/index.ts";
import type { ScriptStep } from "./fake-model/script.ts";
import { type RunResult, startProgram } from "./run-tandem.ts";

const packageJson = new URL("../../package.json", import.meta.url);

export interface BuiltTandemRun {
  /** The program, then the arguments before tandem's own (a launcher's node flags and entry). */
  command: [string, ...string[]];
  cwd: string;
  env: NodeJS.ProcessEnv;
  server: FakeModelServer;
  /** The model's answers to the exec. */
  script: ScriptStep[];
  prompt: string;
  /** Default 60 s: a cold build's first run on a loaded machine. */
  timeoutMs?: number;
}

/** Checks `--version`, runs `exec PROMPT` (asynchronously: the fake server answers in this process). */
export async function runBuiltTandem(run: BuiltTandemRun): Promise<RunResult> {
  const [file, ...before] = run.command;
  const version = spawnSync(file, [...before, "--version"], { cwd: run.cwd, env: run.env, encoding: "utf8" });
  const { version: expected } = JSON.parse(readFileSync(packageJson, "utf8")) as { version: string };
  expect(version.stdout, version.stderr).toBe(`tandem ${expected}\n`);

  run.server.enqueue(...run.script);
  const exec = await startProgram(file, [...before, "exec", run.prompt], {
    cwd: run.cwd,
    env: run.env,
    timeoutMs: run.timeoutMs ?? 60_000,
  }).result;
  expect(exec.stderr).not.toContain("internal error");
  return exec;
}
