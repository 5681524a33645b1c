/**
 * What a tool does, declared by the tool and carried on the wire (`tool_call_started.kind`,
 * `tool_call_finished.kind`), so the safety gate, checkpoints and every front end decide by it, never by a
 * tool's name. The words are ACP's (the Agent Client Protocol's `ToolKind`), so editors can show them as they are:
 * - `read`: reads files; `search`: looks for files or text (grep, find, ls); `fetch`: reads from the network;
 * - `edit`: changes files, and declares which (`Tool.paths`); `execute`: runs commands;
 * - `think`: changes nothing outside the session (a plan, notes); `delegate`: hands work to another agent;
 * - `other`: anything else. Its effects are unknown to tandem, and the gate treats it so (docs/safety.md).
 */
export type ToolKind = "read" | "search" | "edit" | "execute" | "fetch" | "think" | "delegate" | "other";
