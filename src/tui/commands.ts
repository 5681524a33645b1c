/** Slash commands typed in the composer: parsing and the /help text. The app carries them out. */
import { isPermissionMode, type PermissionMode } from "../protocol/permissions.ts";

export type Command =
  | { name: "model"; model: string }
  | {
      name: "compact" | "status" | "help" | "new" | "sessions" | "exit" | "checkpoints" | "diff";
    }
  /** `/undo --overwrite` also reverts files the user changed after the step (as `tandem undo --overwrite`). */
  | { name: "undo"; overwrite: boolean }
  /** `/mode` shows the permission mode; `/mode ask|auto|full` switches to it (`set_mode`). */
  | { name: "mode"; mode?: PermissionMode }
  | { name: "resume"; id: string }
  /** `/resume` with no id: open the session picker. */
  | { name: "pick_session" }
  /** `/model` with no model: open the model picker. */
  | { name: "pick_model" }
  /** The `n`-th newest tool output or long reasoning in full; without `n` the newest (Ctrl+O then goes back). */
  | { name: "expand"; n?: number }
  | { name: "unknown"; text: string };

/** The slash commands, in /help order: how to type each, and what it does (also the completion list). */
export const COMMANDS: readonly { usage: string; summary: string }[] = [
  {
    usage: "/model [provider/model]",
    summary: "switch model for the next requests; no model: pick from a list",
  },
  { usage: "/compact", summary: "summarize older history now" },
  { usage: "/status", summary: "session, model, context and cost" },
  { usage: "/new", summary: "start a new session" },
  { usage: "/sessions", summary: "list saved sessions" },
  {
    usage: "/resume [ID]",
    summary: "switch to a saved session (its history is shown); no ID: pick one from a list",
  },
  { usage: "/diff", summary: "what this session changed in the workspace (since its first checkpoint)" },
  {
    usage: "/undo [--overwrite]",
    summary: "reverse the last step, keeping your later edits (--overwrite reverts them too)",
  },
  {
    usage: "/checkpoints",
    summary: "the workspace's last 20 checkpoints (tandem checkpoints restore N goes back)",
  },
  {
    usage: "/expand [N]",
    summary: "print the last tool output or long reasoning in full (N: the N-th newest)",
  },
  {
    usage: "/mode [ask|auto|full]",
    summary: "show the permission mode and sandbox, or switch mode (Shift+Tab cycles them)",
  },
  { usage: "/help", summary: "this list, and the keys" },
  { usage: "/exit", summary: "end the session and quit (Ctrl+C twice does too)" },
];

export const HELP_TEXT = [
  ...COMMANDS.map((c) => `${c.usage.padEnd(24)}${c.summary}`),
  "",
  "Enter sends; Shift+Enter, Alt+Enter or a trailing \\ inserts a newline; Up/Down walk history.",
  "While the agent works, Enter steers it (the message joins its next request); Esc or Ctrl+C interrupts.",
  "Ctrl+O prints the last tool output or long reasoning in full; again goes one further back.",
  "@ mentions a file: type to filter, Up/Down pick, Tab or Enter insert it, Esc closes the list.",
  "!COMMAND runs a command yourself (your shell, no sandbox); the agent sees its output with your next message.",
  "Approvals: y yes, a always, n no, then Enter; or type a note and Enter to deny with it.",
].join("\n");

/** Parses a line starting with `/`; undefined when it is not a command (e.g. a path like /usr/bin). */
export function parseCommand(line: string): Command | undefined {
  const m = /^\/([a-z]+)(?:\s+(.*))?$/s.exec(line.trim());
  if (!m) return undefined;
  const name = m[1] as string;
  const arg = (m[2] ?? "").trim();
  switch (name) {
    case "model":
      return arg ? { name: "model", model: arg } : { name: "pick_model" };
    case "compact":
    case "status":
    case "help":
    case "new":
    case "sessions":
    case "exit":
    case "checkpoints":
    case "diff":
      return { name };
    case "undo":
      if (!arg || arg === "--overwrite") return { name: "undo", overwrite: arg === "--overwrite" };
      return {
        name: "unknown",
        text: `/undo takes only --overwrite (not "${arg}"): without it, your edits made after the step are kept`,
      };
    case "mode":
      if (!arg) return { name: "mode" };
      return isPermissionMode(arg)
        ? { name: "mode", mode: arg }
        : { name: "unknown", text: `/mode takes ask, auto or full (not "${arg}"); /mode alone shows it` };
    case "resume":
      // An id, not `last`: the most recent session is usually this one.
      if (!arg) return { name: "pick_session" };
      return arg !== "last"
        ? { name: "resume", id: arg }
        : {
            name: "unknown",
            text: "/resume needs a session id (or none, to pick from a list); /sessions lists them",
          };
    case "expand": {
      if (!arg) return { name: "expand" };
      const n = Number(arg);
      return Number.isInteger(n) && n >= 1
        ? { name: "expand", n }
        : { name: "unknown", text: "/expand takes a count, e.g. /expand 2 for the one before the last" };
    }
    case "quit":
      return { name: "exit" };
    default:
      return { name: "unknown", text: `unknown command /${name}; /help lists them` };
  }
}
