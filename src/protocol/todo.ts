/**
 * The agent's plan as the `todo` tool reports it in its `details`: on the wire (a finished call's event, the
 * session file's tool record), read by every front end that shows the checklist.
 */

export type TodoStatus = "pending" | "in_progress" | "completed";

export interface TodoItem {
  content: string;
  status: TodoStatus;
}

/** A `todo` call's `details`. */
export interface TodoDetails {
  items: TodoItem[];
}
