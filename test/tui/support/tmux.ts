/**
 * Runs the real `tandem` UI inside a detached tmux session (its own server socket), so end-to-end tests can
 * type into it and read the screen the way a person would.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { cliEntry } from "../../support/run-tandem.ts";

const run = promisify(execFile);

export interface TmuxTandem {
  /** Sends tmux key names or literal text (`literal: true`). */
  keys(keys: string[], literal?: boolean): Promise<void>;
  /** Types text literally (no Enter). */
  type(text: string): Promise<void>;
  /** Pastes text as a terminal does: bracketed (`paste-buffer -p`) when the app turned that on. */
  paste(text: string): Promise<void>;
  /** The pane as text, with `history` lines of scrollback. */
  capture(history?: number): Promise<string>;
  /** The visible pane with its colours and attributes as escape sequences (`capture-pane -e`). */
  captureStyled(): Promise<string>;
  /** Polls the pane until `predicate` holds; throws with the last screen on timeout. */
  waitFor(predicate: (screen: string) => boolean, timeoutMs?: number, what?: string): Promise<string>;
  /** Resizes the window (the UI gets SIGWINCH). */
  resize(cols: number, rows: number): Promise<void>;
  /** True once the tandem process has exited. */
  exited(): Promise<boolean>;
  /** A tmux format of the pane, e.g. `#{pane_title}` (what an OSC 0/2 sequence would set). */
  format(spec: string): Promise<string>;
  kill(): Promise<void>;
}

const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

export async function startTandemInTmux(options: {
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  cols?: number;
  rows?: number;
  /** tmux options set (`set-option -g`) before the UI starts, e.g. `["window-style", "bg=white"]`. */
  tmuxOptions?: [string, string][];
  /**
   * Where the shell that started tandem writes its exit status, even once the terminal is gone (the shell ignores
   * SIGHUP; node resets that at start, so tandem gets the hang-up as usual). Default: not written.
   */
  exitCodeFile?: string;
}): Promise<TmuxTandem> {
  const socket = `tandem-test-${process.pid}-${randomBytes(4).toString("hex")}`;
  const tmux = (...args: string[]) =>
    run("tmux", ["-L", socket, "-f", "/dev/null", ...args], {
      env: { PATH: process.env.PATH, TERM: "xterm-256color" },
    });
  const env = Object.entries(options.env)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${quote(String(v))}`)
    .join(" ");
  const tandem = `env -i ${env} TERM=xterm-256color ${quote(process.execPath)} ${quote(cliEntry)} ${options.args.map(quote).join(" ")}`;
  const command = options.exitCodeFile
    ? `cd ${quote(options.cwd)} && trap '' HUP && ${tandem}; echo $? > ${quote(options.exitCodeFile)}`
    : `cd ${quote(options.cwd)} && ${tandem}`;
  // Set in the same tmux call as new-session, so the UI never starts without them.
  const before = (options.tmuxOptions ?? []).flatMap(([name, value]) => [
    "set-option",
    "-g",
    name,
    value,
    ";",
  ]);
  await tmux(
    ...(before.length > 0 ? ["start-server", ";", ...before] : []),
    "new-session",
    "-d",
    "-x",
    String(options.cols ?? 120),
    "-y",
    String(options.rows ?? 40),
    command,
  );
  await tmux("set-option", "-g", "remain-on-exit", "on");
  const capture = async (history = 0) =>
    (await tmux("capture-pane", "-p", "-J", ...(history ? ["-S", String(-history)] : []))).stdout;
  return {
    keys: async (keys, literal = false) => {
      await tmux("send-keys", ...(literal ? ["-l"] : []), ...keys);
    },
    type: async (text) => {
      await tmux("send-keys", "-l", text);
    },
    paste: async (text) => {
      await tmux("set-buffer", "-b", "tandem-test", "--", text);
      await tmux("paste-buffer", "-p", "-d", "-b", "tandem-test");
    },
    capture,
    captureStyled: async () => (await tmux("capture-pane", "-p", "-e")).stdout,
    async waitFor(predicate, timeoutMs = 15_000, what = "the expected screen") {
      const until = Date.now() + timeoutMs;
      let screen = "";
      while (Date.now() < until) {
        screen = await capture(200);
        if (predicate(screen)) return screen;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`timed out waiting for ${what}; the screen was:\n${screen}`);
    },
    async resize(cols, rows) {
      await tmux("resize-window", "-x", String(cols), "-y", String(rows));
    },
    async format(spec) {
      return (await tmux("display-message", "-p", spec)).stdout.replace(/\n$/, "");
    },
    async exited() {
      const { stdout } = await tmux("display-message", "-p", "#{pane_dead}");
      return stdout.trim() === "1";
    },
    async kill() {
      await tmux("kill-server").catch(() => undefined);
      // tmux leaves its socket file behind when the server is killed: remove it, or /tmp fills with them.
      const dir = join(process.env.TMUX_TMPDIR ?? "/tmp", `tmux-${process.getuid?.() ?? 0}`);
      await rm(join(dir, socket), { force: true }).catch(() => undefined);
    },
  };
}
