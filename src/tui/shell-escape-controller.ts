/**
 * The UI's side of `!command`: runs one command at a time (src/app/user-shell.ts), shows it in the live part while
 * it runs, commits it to the transcript when it ends, and hands the model its output: as a steer while a turn
 * runs, otherwise kept until the next message, which carries it in front of what the user typed.
 */
import { runUserShell, type UserShellResult, type UserShellRun } from "../app/user-shell.ts";
import { shellContextBlock } from "../app/user-shell-context.ts";
import type { LiveShellEscape } from "./shell-escape-text.ts";
import { shellTranscriptLines } from "./shell-escape-text.ts";
import type { Style } from "./style.ts";
import type { Item, ViewState } from "./view-state.ts";

export const SHELL_ESCAPE_USAGE = [
  "!COMMAND runs COMMAND yourself, in the session's folder with your shell, like typing in another terminal:",
  "not in the agent's sandbox and not through its approvals. Its output is shown here and handed to the agent",
  "with your next message (or at once, as a steer, while it works). Esc or Ctrl+C stops it. Example: !git status",
].join("\n");

export interface ShellEscapeControllerOptions {
  /** The screen's current state (it is replaced on /new and /resume) and its redraw. */
  screen: { readonly state: ViewState; push(item: Item): void; schedule(): void };
  style: Style;
  /** The session's folder when a command starts. */
  cwd(): string;
  /** Sends text to the agent as a steer (only called while a turn runs). */
  steer(text: string): void;
  /** Environment for the command. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Transcript lines kept per command. Default 200. */
  maxLines?: number;
  /** Bytes of output the model gets per command (secret values redacted). Default 8_192. */
  maxContextBytes?: number;
}

export interface ShellEscapeController {
  readonly running: boolean;
  /** Handles a composer line starting with `!`. */
  run(line: string): void;
  /** Stops the running command; false when none runs. */
  stop(): boolean;
  /** The blocks waiting for the next message (oldest first), removed from the queue; undefined when none. */
  takePending(): string | undefined;
  /**
   * The session was switched (/new, /resume; call after the screen's reset): output waiting is dropped, and a command still running
   * goes on but its output will not be handed to the next session. True when anything was dropped or will be.
   */
  leaveSession(): boolean;
  /** Resolves when the command running now (if any) has been committed. */
  settled(): Promise<void>;
  /** The app is closing: stops the running command and shows nothing more. */
  dispose(): void;
}

const RECENT_CHARS = 4_096;

export function createShellEscapeController(options: ShellEscapeControllerOptions): ShellEscapeController {
  const { screen, style } = options;
  let current:
    | {
        command: string;
        run: UserShellRun;
        finished: Promise<void>;
        live: LiveShellEscape;
        orphan?: boolean;
      }
    | undefined;
  const pending: string[] = [];
  let disposed = false;
  const notice = (text: string, level: "info" | "warning" = "info") =>
    screen.push({ kind: "notice", level, text });

  const finish = (result: UserShellResult) => {
    const orphan = current?.orphan;
    current = undefined;
    if (disposed) return;
    screen.state.shellEscape = undefined;
    screen.push({ kind: "output", lines: shellTranscriptLines(result, style, options.maxLines) });
    if (orphan) {
      notice("this output was not sent: the command began in the last session");
      return;
    }
    if (result.error) {
      screen.schedule();
      return;
    }
    const block = shellContextBlock(result, {
      ...(options.maxContextBytes ? { maxBytes: options.maxContextBytes } : {}),
      ...(options.env ? { env: options.env } : {}),
    });
    if (screen.state.conversation.turn_running) {
      options.steer(block);
      notice("output sent to the agent (as a steer)");
    } else {
      pending.push(block);
      notice("your next message carries this output to the agent");
    }
  };

  return {
    get running() {
      return current !== undefined;
    },
    run(line) {
      const command = line.replace(/^!/, "").trim();
      if (disposed) return;
      if (!command) {
        notice(SHELL_ESCAPE_USAGE);
        return;
      }
      if (current) {
        notice(`!${current.command} is still running: wait for it, or Esc to stop it`, "warning");
        return;
      }
      const live = { command, startedAt: performance.now(), recent: "" };
      screen.state.shellEscape = live;
      const run = runUserShell({
        command,
        cwd: options.cwd(),
        ...(options.env ? { env: options.env } : {}),
        onOutput: (text) => {
          live.recent = (live.recent + text).slice(-RECENT_CHARS);
          // The state may have been replaced (/new): show it there too.
          screen.state.shellEscape = live;
          screen.schedule();
        },
      });
      // The elapsed time ticks while it runs, even when it prints nothing.
      const ticker = setInterval(() => screen.schedule(), 1_000);
      ticker.unref();
      const finished = run.done.then((result) => {
        clearInterval(ticker);
        finish(result);
      });
      current = { command, run, finished, live };
      screen.schedule();
    },
    stop() {
      if (!current) return false;
      current.run.kill();
      return true;
    },
    takePending() {
      if (pending.length === 0) return undefined;
      return pending.splice(0).join("\n\n");
    },
    leaveSession() {
      const dropped = pending.splice(0).length > 0;
      if (!current) return dropped;
      current.orphan = true;
      // Called once the next session's view state is in place: the command keeps showing while it runs.
      screen.state.shellEscape = current.live;
      screen.schedule();
      return true;
    },
    async settled() {
      await current?.finished;
    },
    dispose() {
      disposed = true;
      current?.run.kill();
    },
  };
}
