/** Slash commands typed in the composer: parsing and the /help text. The app carries them out. */

export type Command =
  | { name: "model"; model: string }
  | {
      name:
        | "compact"
        | "status"
        | "help"
        | "new"
        | "sessions"
        | "exit"
        | "undo"
        | "checkpoints"
        | "diff"
        | "mode";
    }
  | { name: "resume"; id: string }
  | { name: "unknown"; text: string };

export const HELP_TEXT = [
  "/model provider/model   switch model for the next requests",
  "/compact                summarize older history now",
  "/status                 session, model, context and cost",
  "/new                    start a new session",
  "/sessions               list saved sessions",
  "/resume ID              switch to a saved session (its history is shown)",
  "/diff                   what this session changed in the workspace (since its first checkpoint)",
  "/undo                   reverse the last step, as tandem undo does",
  "/checkpoints            the workspace's last 20 checkpoints (tandem checkpoints restore N goes back)",
  "/mode                   the permission mode and sandbox (choose them at start: tandem --mode M)",
  "/exit                   end the session and quit (Ctrl+C twice does too)",
  "",
  "Enter sends; Shift+Enter, Alt+Enter or a trailing \\ inserts a newline; Up/Down walk history.",
  "While the agent works, Enter steers it (the message joins its next request); Esc or Ctrl+C interrupts.",
  "Approvals: y approve, a approve always, n deny, or type a note and Enter to deny with it.",
].join("\n");

/** Parses a line starting with `/`; undefined when it is not a command (e.g. a path like /usr/bin). */
export function parseCommand(line: string): Command | undefined {
  const m = /^\/([a-z]+)(?:\s+(.*))?$/s.exec(line.trim());
  if (!m) return undefined;
  const name = m[1] as string;
  const arg = (m[2] ?? "").trim();
  switch (name) {
    case "model":
      return arg
        ? { name: "model", model: arg }
        : { name: "unknown", text: "/model needs provider/model, e.g. /model openai/gpt-5.3-codex" };
    case "compact":
    case "status":
    case "help":
    case "new":
    case "sessions":
    case "exit":
    case "undo":
    case "checkpoints":
    case "diff":
    case "mode":
      return { name };
    case "resume":
      // An id, not `last`: the most recent session is usually this one.
      return arg && arg !== "last"
        ? { name: "resume", id: arg }
        : { name: "unknown", text: "/resume needs a session id; /sessions lists them" };
    case "quit":
      return { name: "exit" };
    default:
      return { name: "unknown", text: `unknown command /${name}; /help lists them` };
  }
}
