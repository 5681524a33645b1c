/**
 * Runs the real `tandem` CLI as a child process (from source, on this Node, which strips types), the way a
 * user would. Tests point it at the fake model server through a TANDEM_HOME config.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const cliEntry = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin?: string;
  /** Leave stdin open and silent (a parent that never closes it) instead of ending it. Default false. */
  keepStdinOpen?: boolean;
  timeoutMs?: number;
  /** Node options before the entry point (e.g. the launcher's V8 flags). Default none. */
  nodeArgs?: string[];
}

/** A clean environment: no vendor keys from the developer's shell leak into tests. */
export function baseEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: "C.UTF-8",
    NO_COLOR: "1",
    GIT_AUTHOR_NAME: "tandem test",
    GIT_AUTHOR_EMAIL: "test@tandem.invalid",
    GIT_COMMITTER_NAME: "tandem test",
    GIT_COMMITTER_EMAIL: "test@tandem.invalid",
  };
  return { ...env, ...extra };
}

export function startTandem(
  args: string[],
  options: RunOptions,
): { child: ChildProcess; result: Promise<RunResult> } {
  return startProgram(process.execPath, [...(options.nodeArgs ?? []), cliEntry, ...args], options);
}

/**
 * Any program, run the way {@link startTandem} runs tandem from source (stdin, output, the timeout): a built
 * tandem through its launcher, an installed `tandem` on the PATH. `nodeArgs` does not apply.
 */
export function startProgram(
  file: string,
  args: string[],
  options: RunOptions,
): { child: ChildProcess; result: Promise<RunResult> } {
  const child = spawn(file, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
  });
  // tandem may stop reading its stdin early (piped input past its cap): the rest of the write then fails with
  // EPIPE, which is that child's choice, not a test failure.
  child.stdin?.on("error", () => {});
  if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  else if (!options.keepStdinOpen) child.stdin?.end();
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 20_000);
  const result = new Promise<RunResult>((resolve) => {
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, result };
}

export function runTandem(args: string[], options: RunOptions): Promise<RunResult> {
  return startTandem(args, options).result;
}

export interface Workspace {
  root: string;
  /** TANDEM_HOME. */
  home: string;
  /** The project folder the agent works in. */
  cwd: string;
  cleanup(): Promise<void>;
}

/** A temp TANDEM_HOME whose config points `provider` at the fake server, and an empty project folder. */
export async function createWorkspace(options: { config?: string } = {}): Promise<Workspace> {
  const root = await mkdtemp(join(tmpdir(), "tandem-e2e-"));
  const home = join(root, "home");
  const cwd = join(root, "project");
  await mkdir(home, { recursive: true });
  await mkdir(cwd, { recursive: true });
  if (options.config) await writeFile(join(home, "config.toml"), options.config);
  // Retried: a test's tandem may still be closing its session when the test ends (tmux kill-server hangs its
  // terminal up), and a background git of its checkpoint store may write for a moment more.
  const cleanup = () => rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  return { root, home, cwd, cleanup };
}

/** The limits of the fake model's catalog entry. */
export interface FakeModelLimits {
  /** Default 100,000 tokens. */
  context_window?: number;
  /** Default 4,096 tokens. */
  max_output?: number;
}

/**
 * Config for a fake provider `fake` of the given protocol at the fake server, its model `fake/fake-model` the
 * default. `extra` is appended after the model's entry, so its keys join it (`edit_format = "edit"`) until a new
 * table starts. Shared by the tests and bench/ (one shape of the fake provider).
 */
export function fakeProviderConfig(
  protocol: string,
  baseUrl: string,
  extra = "",
  limits: FakeModelLimits = {},
): string {
  return [
    'model = "fake/fake-model"',
    "[providers.fake]",
    `protocol = "${protocol}"`,
    `base_url = "${baseUrl}"`,
    'api_key_env = "FAKE_API_KEY"',
    "[[models]]",
    'id = "fake/fake-model"',
    `context_window = ${limits.context_window ?? 100_000}`,
    `max_output = ${limits.max_output ?? 4096}`,
    "prices = { input = 1, output = 2, cache_read = 0.1 }",
    extra,
  ].join("\n");
}

/** Parses `--json` output into events. */
export function parseEvents(stdout: string): { type: string; [key: string]: unknown }[] {
  return stdout
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { type: string });
}
