/**
 * Carries out the slash commands (parsed in commands.ts) for the app: each turns into a submission, a notice
 * or output in the transcript, or one of the app's own actions (switch session, open the picker, exit).
 */
import { formatCost, formatTokens } from "../app/format.ts";
import type { SessionInfo } from "../core/session/list.ts";
import type { PermissionMode } from "../protocol/permissions.ts";
import type { Submission } from "../protocol/submissions.ts";
import { HELP_TEXT, parseCommand } from "./commands.ts";
import { expandItem } from "./expand-view.ts";
import type { Screen } from "./screen.ts";
import type { Style } from "./style.ts";
import { checkpointsOutput, diffOutput, modeOutput, undoOutput } from "./workspace-commands.ts";

export interface SlashCommandsOptions {
  screen: Screen;
  style: Style;
  /** TANDEM_HOME, where the workspace's checkpoints are found. */
  home: string;
  /** Terminal width, for /expand; terminal height bounds /diff to three screens. */
  columns(): number;
  rows(): number;
  /** The current session: its folder, when it opened (the start of /diff), its start mode and sandbox. */
  session(): { cwd: string; openedAt: number; mode?: string; sandbox?: string };
  submit(submission: Submission): void;
  requestMode(mode: PermissionMode): void;
  listSessions(): Promise<SessionInfo[]>;
  /** /new (no id) or /resume ID; the app says what failed and keeps the current session then. */
  switchSession(id?: string): Promise<void>;
  openPicker(): Promise<void>;
  /** `/model` alone: the model picker. */
  openModelPicker(): Promise<void>;
  exit(): void;
}

/** Returns a runner: false when the line is not a command (e.g. a path like /usr/bin), so it is sent as text. */
export function createSlashCommands(o: SlashCommandsOptions): (line: string) => Promise<boolean> {
  const { screen, style } = o;
  const info = (text: string) => screen.push({ kind: "notice", level: "info", text });

  const status = () => {
    const state = screen.state.conversation;
    const u = state.session_usage;
    return [
      `session ${state.session_id || "(not started)"}`,
      `model ${state.model}`,
      `folder ${state.cwd}`,
      state.context_window
        ? `context ${formatTokens(state.context_tokens)} of ${formatTokens(state.context_window)}`
        : "context: no request yet",
      u
        ? `tokens ${formatTokens(u.input + u.cached_input + u.cache_write)} in / ${formatTokens(u.output)} out`
        : "tokens: none yet",
      `cost ${formatCost(state.session_cost)}`,
      `colours ${style.color ? `for a ${style.theme} background` : "off (NO_COLOR)"}`,
    ].join("\n");
  };

  const sessions = async () => {
    const list = await o.listSessions();
    if (list.length === 0) return "no saved sessions";
    const rows = list
      .slice(0, 20)
      .map((s) => `${s.id}  ${s.last_activity.slice(0, 16).replace("T", " ")}  ${s.preview}`);
    return `${rows.join("\n")}\nreopen one with /resume ID, or /resume to pick from a list`;
  };

  return async (line) => {
    const command = parseCommand(line);
    if (!command) return false;
    screen.push({ kind: "user", text: line });
    const state = screen.state.conversation;
    const session = o.session();
    switch (command.name) {
      case "model":
        o.submit({ type: "set_model", model: command.model });
        break;
      case "compact":
        o.submit({ type: "compact" });
        info("compacting…");
        break;
      case "help":
        info(HELP_TEXT);
        break;
      case "status":
        info(status());
        break;
      case "sessions":
        info(await sessions());
        break;
      case "new":
      case "resume": {
        const id = command.name === "resume" ? command.id : undefined;
        if (state.turn_running) info(`a turn is running: interrupt it (Esc) before /${command.name}`);
        else if (id === state.session_id) info("that is this session");
        else await o.switchSession(id);
        break;
      }
      case "pick_session":
        await o.openPicker();
        break;
      case "pick_model":
        await o.openModelPicker();
        break;
      case "exit":
        o.exit();
        break;
      case "undo":
        if (state.turn_running) info("a turn is running: interrupt first (Esc), then /undo");
        else info((await undoOutput({ home: o.home, cwd: session.cwd }, command.overwrite)).join("\n"));
        break;
      case "checkpoints":
        info((await checkpointsOutput({ home: o.home, cwd: session.cwd })).join("\n"));
        break;
      case "diff": {
        const lines = await diffOutput({
          home: o.home,
          cwd: session.cwd,
          since: session.openedAt,
          style,
          maxLines: o.rows() * 3,
        });
        screen.push({ kind: "output", lines });
        break;
      }
      case "mode":
        if (command.mode) o.requestMode(command.mode);
        else info(modeOutput(state.mode ?? session.mode, state.sandbox ?? session.sandbox).join("\n"));
        break;
      case "expand":
        // Without N it starts the walk at the newest, so Ctrl+O afterwards goes one further back.
        if (command.n === undefined) screen.expandable.resetWalk();
        screen.push(expandItem(screen.expandable, command.n, Math.max(20, o.columns()), style));
        break;
      case "unknown":
        screen.push({ kind: "notice", level: "warning", text: command.text });
        break;
    }
    return true;
  };
}
