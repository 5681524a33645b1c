/**
 * The todo tool: the agent's plan as a checklist. Each call replaces the whole list; at most one item may be
 * in progress. The model gets the rendered checklist back; the UI gets the items (and `onChange`).
 */

import { defineTool, type Tool } from "../core/tool.ts";
import type { TodoDetails, TodoItem, TodoStatus } from "../protocol/todo.ts";
import { z } from "../util/zod.ts";
import { JSON_SCHEMAS } from "./json-schemas.ts";

export type { TodoDetails, TodoItem, TodoStatus };

export interface TodoToolOptions {
  /** Called with the new list after each valid call. Default: none. */
  onChange?(items: TodoItem[]): void;
}

const parameters = z.object({
  items: z.array(
    z.object({
      content: z.string().check(z.minLength(1)),
      status: z.enum(["pending", "in_progress", "completed"]),
    }),
  ),
});

const MARK: Record<TodoStatus, string> = { pending: "[ ]", in_progress: "[~]", completed: "[x]" };

export function renderTodos(items: TodoItem[]): string {
  if (items.length === 0) return "(empty plan)";
  return items.map((item) => `${MARK[item.status]} ${item.content}`).join("\n");
}

export function createTodoTool(options: TodoToolOptions = {}): Tool<z.infer<typeof parameters>, TodoDetails> {
  let current: TodoItem[] = [];
  return defineTool({
    name: "todo",
    description: "Replace your whole task checklist; at most one item in_progress.",
    parameters,
    jsonSchema: JSON_SCHEMAS.todo,
    // It changes no files and runs nothing; the plan lives in the session.
    kind: "think",
    guidelines: "For work with several steps keep a todo list with todo, updating it as you go.",
    summarize: (args) => `todo (${args.items.length} items)`,
    async execute(args) {
      const active = args.items.filter((item) => item.status === "in_progress");
      if (active.length > 1) {
        return {
          content: `${active.length} items are in_progress; mark at most one. The plan was not changed:\n${renderTodos(current)}`,
          isError: true,
        };
      }
      current = args.items.map((item) => ({ content: item.content, status: item.status }));
      options.onChange?.(current);
      const done = current.filter((item) => item.status === "completed").length;
      return {
        content: `Plan (${done}/${current.length} done):\n${renderTodos(current)}`,
        details: { items: current },
      };
    },
  });
}
