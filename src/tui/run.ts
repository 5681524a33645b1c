/**
 * `tandem` (no arguments) and `tandem resume [ID|last]`: the interactive UI in the current folder; bare
 * `tandem resume` opens it with the session picker shown. Loaded only when the UI opens, so other commands
 * never pay for it.
 */
import { createAgentSession } from "../app/agent-session.ts";
import { sessionsDirOf, tandemHome } from "../app/config.ts";
import { listModelChoices } from "../app/model-choices.ts";
import { resumeCommands } from "../app/resume-command.ts";
import type { SafetyChoice } from "../app/safety-setup.ts";
import { UserError } from "../app/user-error.ts";
import { resumedConversation } from "../conversation/transcript.ts";
import { sessionPath } from "../core/session/format.ts";
import { listSessions } from "../core/session/list.ts";
import { readSession } from "../core/session/reader.ts";
import { exists } from "../util/exists.ts";
import { onStopSignals, type StopSignal, signalExitCode } from "../util/stop-signals.ts";
import { type OpenedSession, runApp } from "./app.ts";
import { startThemeDetection } from "./early-theme.ts";
import { colorWanted, createStyle } from "./style.ts";
import { processTerminal } from "./terminal.ts";
import type { DetectedTheme } from "./theme.ts";

export interface TuiCommandOptions extends SafetyChoice {
  /** A session id or `last`. */
  resume?: string;
  /** Show the session picker over a new session (bare `tandem resume`). Default false. */
  pick?: boolean;
  model?: string;
  cwd?: string;
  /** The background detection `startThemeDetection` began before this module loaded. Default: started here. */
  theme?: Promise<DetectedTheme>;
}

/** One question on the plain terminal before the UI starts; only "y" or "yes" is a yes. */
async function askYesNo(question: string): Promise<boolean> {
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export async function tuiCommand(options: TuiCommandOptions): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UserError(
      'the interactive UI needs a terminal; for scripts use tandem exec "…" (see tandem --help)',
    );
  }
  const env = process.env;
  const sessionsDir = sessionsDirOf(env);
  const open = async (
    resume?: string,
    confirmProject?: (q: string) => Promise<boolean>,
  ): Promise<OpenedSession> => {
    const s = await createAgentSession({
      env,
      interactive: true,
      ...(confirmProject ? { confirmProject } : {}),
      ...(options.cwd ? { cwd: options.cwd } : {}),
      ...(options.model ? { model: options.model } : {}),
      ...(options.mode ? { mode: options.mode } : {}),
      ...(options.sandbox ? { sandbox: options.sandbox } : {}),
      ...(options.network ? { network: true } : {}),
      ...(resume ? { resume } : {}),
    });
    const loaded = resume
      ? await readSession(sessionPath(sessionsDir, s.agent.sessionId)).catch(() => undefined)
      : undefined;
    const conversation = resumedConversation(loaded?.history ?? [], {
      model: s.model,
      cwd: s.cwd,
      mode: s.safety.mode,
      ...(s.safety.sandbox ? { sandbox: s.safety.sandbox } : {}),
      ...(loaded ? { turnEnds: loaded.turnEnds } : {}),
    });
    return {
      agent: s.agent,
      model: s.model,
      cwd: s.cwd,
      conversation,
      warnings: s.warnings,
      mode: s.safety.mode,
      sandbox: s.safety.sandbox,
    };
  };
  // The terminal is asked for its background while the UI loads and the session opens (src/cli/ui.ts starts
  // it before loading this module), so waiting for the answer costs no start-up time.
  const color = colorWanted(env, true);
  const theme = color ? (options.theme ?? startThemeDetection(env, options.cwd)) : undefined;
  // Only the first session can ask on the plain terminal (before the UI owns it); a later /new or /resume that
  // needs a project's approval shows the refusal, which says how to approve.
  const first = await open(options.resume, async (question) => {
    await theme;
    return askYesNo(question);
  });
  // Settled before the UI's terminal takes stdin over, as the query reads stdin itself.
  const style = createStyle(color, (await theme)?.theme);
  const terminal = processTerminal();
  const app = runApp({
    terminal,
    style,
    session: first,
    home: tandemHome(env),
    openSession: (id) => open(id),
    ...(options.pick ? { pickSession: true } : {}),
    listSessions: () => listSessions(sessionsDir),
    listModels: () => listModelChoices({ env, home: tandemHome(env), cwd: first.cwd }),
    forceExit: () => {
      terminal.restore();
      process.stderr.write("tandem: quit before the session finished saving its last step\n");
      process.exit(130);
    },
  });
  // A signal ends the app as Ctrl+C twice does: the turn is saved and the session closed (its git and sandboxed
  // processes stopped, the sandbox's placeholders removed). SIGHUP means the terminal is gone: nothing more is
  // written to it (a write would fail with EIO), and no resume command is printed for nobody to read.
  let stoppedBy: StopSignal | undefined;
  let hungUp = false;
  const stopListening = onStopSignals(["SIGTERM", "SIGHUP"], (signal) => {
    if (signal === "SIGHUP") {
      hungUp = true;
      terminal.hangUp();
    }
    if (stoppedBy) return;
    stoppedBy = signal;
    app.quit();
  });
  const last = await app.done;
  stopListening();
  if (hungUp) {
    // Exit here, not through main: a render that raced the hang-up may have failed on the dead terminal, which
    // main would report as a closed reader (141). The session is saved and closed; nothing is left to wait for.
    process.exit(signalExitCode(stoppedBy ?? "SIGHUP"));
  }
  // After the terminal is restored, below the transcript: the way back in. A session that never recorded
  // anything has no file and nothing to resume.
  if (await exists(sessionPath(sessionsDir, last.sessionId))) {
    const { ui } = resumeCommands({ sessionId: last.sessionId, cwd: last.cwd });
    process.stdout.write(`To continue this session, run ${ui}\n`);
  }
  return stoppedBy ? signalExitCode(stoppedBy) : 0;
}
