/**
 * The interactive app: reads the agent's events into the screen, maps keys onto the composer and onto
 * submissions (user_input, steer, interrupt, approval, set_model, compact, shutdown), and runs slash
 * commands. No agent logic lives here.
 */

import { tandemHome } from "../app/config.ts";
import type { ModelChoice } from "../app/model-choices.ts";
import type { Conversation } from "../conversation/types.ts";
import type { Agent } from "../core/agent.ts";
import { followEvents } from "../core/follow-events.ts";
import type { SessionInfo } from "../core/session/list.ts";
import type { PermissionMode } from "../protocol/permissions.ts";
import type { Submission } from "../protocol/submissions.ts";
import { messageOf } from "../util/message-of.ts";
import { createApprovalAnswers } from "./approval-answer.ts";
import { createCommandPopup } from "./command-popup.ts";
import { editComposer } from "./composer-keys.ts";
import { expandItem } from "./expand-view.ts";
import { appendInputHistory, loadInputHistory } from "./input-history.ts";
import { createKeyParser, type Key } from "./keys.ts";
import { createMentionPopup } from "./mention-popup.ts";
import { nextMode } from "./mode-view.ts";
import { createModelPicker } from "./model-picker.ts";
import { createScreen, type Screen } from "./screen.ts";
import { createSessionPicker } from "./session-picker.ts";
import { createShellEscapeController } from "./shell-escape-controller.ts";
import { createSlashCommands } from "./slash-commands.ts";
import type { Style } from "./style.ts";
import type { TuiTerminal } from "./terminal.ts";

export interface OpenedSession {
  agent: Agent;
  model: string;
  cwd: string;
  /** The permission mode in force (`ask`, `auto`, `full`), for the status line and /mode. */
  mode?: string;
  /** The shell sandbox in force (one line), for /mode. */
  sandbox?: string;
  /**
   * The conversation so far: a resumed session's transcript (src/conversation/transcript.ts), or a new one.
   * Its model, folder, mode and sandbox are what the status line shows until the session's events say more.
   */
  conversation: Conversation;
  warnings: string[];
}

export interface AppOptions {
  terminal: TuiTerminal;
  style: Style;
  session: OpenedSession;
  /** Opens a fresh session in the same folder (/new), or resumes a saved one by id (/resume ID). */
  openSession(resume?: string): Promise<OpenedSession>;
  /** Saved sessions, newest first (for /sessions). */
  listSessions(): Promise<SessionInfo[]>;
  /** The models `/model` offers (ready ones first). Default: none, and `/model` alone says how to name one. */
  listModels?(): Promise<ModelChoice[]>;
  /** Open the session picker at once (bare `tandem resume`). Default false. */
  pickSession?: boolean;
  /** Ctrl+C pressed again while the session is shutting down (it hangs): leave now. Default: nothing. */
  forceExit?(): void;
  /** Two Ctrl+C within this window exit. Default 2000 ms. */
  exitWindowMs?: number;
  /**
   * y/a/n typed sooner than this after an approval prompt appears do not arm an answer (approval-answer.ts):
   * they are text, and Enter denies with them as a note. A message begun just as the prompt came up
   * ("add tests…") is not an answer. Default 300 ms.
   */
  approvalGuardMs?: number;
  /**
   * TANDEM_HOME, where /undo, /checkpoints and /diff find the workspace's checkpoints and where sent messages
   * are kept for Up (history.jsonl). Default: from the environment.
   */
  home?: string;
}

export interface App {
  screen: Screen;
  /**
   * Resolves when the app has exited (the session was shut down and saved, the terminal restored), with the
   * session open last (after /new or /resume, not the first one), for the resume command printed on exit.
   */
  done: Promise<{ sessionId: string; cwd: string }>;
  /**
   * Exits as a signal asks (SIGTERM, SIGHUP): a running `!` command is stopped and the session open now is shut
   * down (its turn interrupted and saved); `done` then resolves. Also during /new or /resume: the session being
   * opened is shut down as soon as it starts.
   */
  quit(): void;
}

export function runApp(options: AppOptions): App {
  const { terminal, style } = options;
  const exitWindow = options.exitWindowMs ?? 2000;
  const approvalGuard = options.approvalGuardMs ?? 300;
  let session = options.session;
  const home = options.home ?? tandemHome();
  /** When the current session opened here: /diff shows what changed since. */
  let sessionStart = Date.now();
  const mentions = createMentionPopup({ style, cwd: () => session.cwd, onChange: () => screen.schedule() });
  const commands = createCommandPopup({ style });
  // One slot above the composer: the `@` file list, or the slash-command list.
  const popup = { rows: (width: number) => (mentions.open ? mentions.rows(width) : commands.rows(width)) };
  const screen = createScreen({ terminal, style, model: session.model, cwd: session.cwd, popup });
  let lastCtrlC = -Infinity;
  let exiting = false;
  let switching = false;
  let resolveDone: (last: { sessionId: string; cwd: string }) => void = () => undefined;
  const done = new Promise<{ sessionId: string; cwd: string }>((resolve) => {
    resolveDone = resolve;
  });

  const submit = (s: Submission) => session.agent.submit(s);
  /** The last mode asked for and not yet confirmed, so Shift+Tab pressed twice quickly moves on twice. */
  let requestedMode: PermissionMode | undefined;
  const requestMode = (mode: PermissionMode) => {
    requestedMode = mode;
    submit({ type: "set_mode", mode });
  };
  const info = (text: string) => screen.push({ kind: "notice", level: "info", text });
  const shell = createShellEscapeController({
    screen,
    style,
    cwd: () => session.cwd,
    steer: (text) => submit({ type: "steer", text }),
  });

  /** The session picker over the live part; with nothing to offer it says so (at start-up: a new session). */
  const openPicker = async (atStart: boolean) => {
    if (screen.state.conversation.turn_running) {
      info("a turn is running: interrupt it (Esc) before /resume");
      return;
    }
    const sessions = await options.listSessions();
    const picker = createSessionPicker({ sessions, cwd: session.cwd, exclude: session.agent.sessionId });
    if (picker.matches().length === 0) {
      info(atStart ? "no saved sessions to resume: this is a new session" : "no saved sessions to resume");
      return;
    }
    screen.state.picker = picker;
    screen.schedule();
  };

  /** `/model` alone: the catalog to pick from, the current model selected. */
  const openModelPicker = async () => {
    const models = (await options.listModels?.()) ?? [];
    if (models.length === 0) {
      info("name the model: /model provider/model (tandem models lists them)");
      return;
    }
    screen.state.picker = createModelPicker(models, screen.state.conversation.model);
    screen.schedule();
  };

  const start = (opened: OpenedSession) => {
    session = opened;
    sessionStart = Date.now();
    screen.load(opened.conversation);
    requestedMode = undefined;
    for (const w of opened.warnings) screen.push({ kind: "notice", level: "warning", text: w });
    void pump(opened.agent);
    if (exiting) opened.agent.submit({ type: "shutdown" });
  };

  /** Reads one agent's events until its session ends; then exits unless /new replaced it. */
  const pump = async (agent: Agent) => {
    for await (const event of followEvents(agent)) {
      screen.apply(event);
      // A picker takes every key: an approval arriving under it would get `y` as filter text.
      if (event.type === "approval_requested" && screen.state.picker) {
        screen.state.picker = undefined;
        info("picker closed: a tool call is waiting for your approval");
      }
      if ((event.type === "mode_changed" && event.mode === requestedMode) || event.type === "error")
        requestedMode = undefined;
      if (event.type === "session_finished") break;
    }
    if (agent === session.agent && !switching) finish();
  };

  const finish = () => {
    if (!exiting) exiting = true;
    shell.dispose();
    mentions.dispose();
    screen.close();
    terminal.restore();
    resolveDone({ sessionId: session.agent.sessionId, cwd: session.cwd });
  };

  const exit = () => {
    if (exiting) return;
    exiting = true;
    shell.stop();
    info("exiting… (Ctrl+C again to quit at once)");
    submit({ type: "shutdown" });
  };

  const quit = () => {
    exiting = true;
    shell.stop();
    submit({ type: "shutdown" });
  };

  /** /new and /resume ID: opens the next session before closing this one, so a failure leaves this one working. */
  let opening = false;
  const switchSession = async (id?: string) => {
    // A second /new or /resume before the first is done would open a session nobody shuts down.
    if (opening || switching) {
      info("already switching sessions: wait for it to finish");
      return;
    }
    let opened: OpenedSession;
    opening = true;
    try {
      opened = await options.openSession(id);
    } catch (error) {
      screen.push({ kind: "notice", level: "error", text: messageOf(error) });
      return;
    } finally {
      opening = false;
    }
    // Quit (a signal) while it opened: the app is ending, so the new session closes unused.
    if (exiting) {
      opened.agent.submit({ type: "shutdown" });
      return;
    }
    switching = true;
    const old = session.agent;
    old.submit({ type: "shutdown" });
    await old.done;
    screen.reset(opened.model, opened.cwd);
    // Output of `!` commands typed for the old session (waiting, or of one still running) is not handed to the new one.
    if (shell.leaveSession())
      info("the output of your ! commands was not sent: it belonged to the last session");
    info(id ? `resumed session ${id}` : "new session");
    switching = false;
    start(opened);
  };

  const runCommand = createSlashCommands({
    screen,
    style,
    home,
    columns: () => terminal.columns(),
    rows: () => terminal.rows(),
    session: () => ({ ...session, openedAt: sessionStart }),
    submit,
    requestMode,
    listSessions: () => options.listSessions(),
    switchSession,
    openPicker: () => openPicker(false),
    openModelPicker,
    exit: () => exit(),
  });

  /** Saves a sent line for Up in later sessions; a failure is said once and the UI goes on. */
  let historyFailed = false;
  const remember = (line: string) => {
    appendInputHistory(home, line).catch((error: unknown) => {
      if (historyFailed) return;
      historyFailed = true;
      screen.push({
        kind: "notice",
        level: "warning",
        text: `could not save input history (${messageOf(error)}); Up still recalls this session's messages`,
      });
    });
  };
  loadInputHistory(home)
    .then((entries) => screen.composer.prependHistory(entries))
    .catch((error: unknown) =>
      screen.push({
        kind: "notice",
        level: "warning",
        text: `could not read input history (${messageOf(error)}); Up recalls only this session's messages`,
      }),
    );

  const send = (raw: string) => {
    const text = raw.trimEnd();
    if (!text.trim()) return;
    const state = screen.state;
    if (text.startsWith("/")) {
      void runCommand(text)
        .then((handled) => {
          if (!handled) send(` ${text}`);
        })
        .catch((error: unknown) => screen.push({ kind: "notice", level: "error", text: messageOf(error) }));
      return;
    }
    if (text.startsWith("!")) {
      shell.run(text);
      return;
    }
    // Output of the user's own `!` commands rides in front of their next message.
    const withContext = (message: string) => {
      const context = shell.takePending();
      return context ? `${context}\n\n${message}` : message;
    };
    if (state.approval) {
      // Never an answer, whatever its first letter: answers are single keys (approval-answer.ts).
      submit({ type: "approval", call_id: state.approval.callId, decision: "deny", note: text.trim() });
      screen.push({ kind: "user", text: `(denied with note) ${text.trim()}` });
      screen.apply({ type: "approval_answered", call_id: state.approval.callId });
      return;
    }
    if (state.conversation.turn_running) {
      submit({ type: "steer", text: withContext(text.trim()) });
      screen.apply({ type: "steer_queued", text: text.trim() });
      return;
    }
    submit({ type: "user_input", text: withContext(text.trim()) });
    screen.apply({ type: "user_message", text: text.trim() });
  };

  const approvals = createApprovalAnswers({ screen, submit, guardMs: approvalGuard });

  const onKey = (key: Key) => {
    const c = screen.composer;
    // Ctrl+O walks back through what can be expanded; any other key starts the walk again at the newest.
    if (key.name !== "ctrl-o") screen.expandable.resetWalk();
    const picker = screen.state.picker;
    if (picker) {
      // The open picker takes every key; a pick runs its command, exactly as typing it (/resume ID, /model ID).
      const action = picker.key(key);
      if (action.type !== "none") screen.state.picker = undefined;
      if (action.type === "pick") send(picker.command(action.id));
      screen.schedule();
      return;
    }
    // A popup, while it shows, owns Up/Down/Tab/Enter/Esc (Esc closes it and does not interrupt).
    if (
      key.name !== "text" &&
      key.name !== "paste" &&
      (mentions.handleKey(key.name, c) || commands.handleKey(key.name, c))
    ) {
      commands.update(c.text, c.cursor);
      screen.schedule();
      return;
    }
    if (key.name === "text" && key.text.length === 1) approvals.arm(key.text);
    if (key.name === "enter" && approvals.answer()) {
      // Sent an armed y / a / n: not a message, so not kept for Up.
    } else if (key.name === "enter" && !c.text.endsWith("\\")) {
      const line = c.take();
      if (line.trim()) remember(line);
      send(line);
    } else if (key.name === "enter") {
      c.backspace();
      c.insert("\n");
    } else if (!editComposer(c, key)) handleControl(key);
    mentions.update(c.text, c.cursor);
    commands.update(c.text, c.cursor);
    screen.schedule();
  };

  /** Keys that act on the app rather than the text being typed. */
  const handleControl = (key: Key) => {
    const c = screen.composer;
    switch (key.name) {
      case "ctrl-o":
        screen.push(expandItem(screen.expandable, undefined, Math.max(20, terminal.columns()), style));
        break;
      case "escape":
        if (shell.stop()) break;
        if (screen.state.conversation.turn_running) submit({ type: "interrupt" });
        break;
      case "ctrl-d":
        if (!c.text) exit();
        break;
      case "ctrl-c": {
        if (exiting) {
          options.forceExit?.();
          break;
        }
        if (shell.stop()) break;
        const now = performance.now();
        if (now - lastCtrlC < exitWindow) {
          exit();
          break;
        }
        lastCtrlC = now;
        if (screen.state.conversation.turn_running) submit({ type: "interrupt" });
        else if (c.text) c.clear();
        else info("press Ctrl+C again to exit");
        break;
      }
      case "shift-tab":
        requestMode(nextMode(requestedMode ?? screen.state.conversation.mode));
        break;
    }
  };

  const parseKeys = createKeyParser();
  terminal.onInput((data) => {
    for (const key of parseKeys(data)) onKey(key);
  });
  terminal.onResize(() => screen.resized());
  start(session);
  if (options.pickSession)
    openPicker(true).catch((error: unknown) =>
      screen.push({
        kind: "notice",
        level: "error",
        text: `cannot list sessions: ${messageOf(error)}`,
      }),
    );
  screen.schedule();
  return { screen, done, quit };
}
