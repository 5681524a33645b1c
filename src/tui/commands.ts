/** Slash commands typed in the composer: parsing and the /help text. The app carries them out. */

export type Command =
  | { name: "model"; model: string }
  | { name: "compact" | "status" | "help" | "new" | "sessions" | "exit" }
  | { name: "resume"; id: string }
  | { name: "unknown"; text: string }
  | { name: "later"; command: string };

export const HELP_TEXT = [
  "/model provider/model   switch model for the next requests",
  "/compact                summarize older history now",
  "/status                 session, model, context and cost",
  "/new                    start a new session",
  "/sessions               list saved sessions",
  "/resume ID              switch to a saved session (its history is shown)",
  "/exit                   end the session and quit (Ctrl+C twice does too)",
  "/mode /undo /checkpoints /diff   not yet",
  "",
  "Enter sends; Shift+Enter, Alt+Enter or a trailing \\ inserts a newline; Up/Down walk history.",
  "While the agent works, Enter steers it (the message joins its next request); Esc or Ctrl+C interrupts.",
  "Approvals: y approve, a approve always, n deny, or type a note and Enter to deny with it.",
].join("\n");

const LATER = new Set(["mode", "undo", "checkpoints", "diff"]);

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
      return { name };
    case "resume":
      // An id, not `last`: the most recent session is usually this one.
      return arg && arg !== "last"
        ? { name: "resume", id: arg }
        : { name: "unknown", text: "/resume needs a session id; /sessions lists them" };
    case "quit":
      return { name: "exit" };
    default:
      return LATER.has(name)
        ? { name: "later", command: name }
        : { name: "unknown", text: `unknown command /${name}; /help lists them` };
  }
}
