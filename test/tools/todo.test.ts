import { describe, expect, it } from "vitest";
import { createTodoTool, type TodoItem } from "../../src/tools/todo.ts";
import { z } from "../../src/util/zod.ts";
import { makeContext } from "./tool-support.ts";

describe("todo", () => {
  const { ctx } = makeContext("/");

  it("replaces the whole list each call, renders the checklist, and reports each change", async () => {
    const seen: TodoItem[][] = [];
    const todo = createTodoTool({ onChange: (items) => seen.push(items) });
    const first = await todo.execute(
      {
        items: [
          { content: "read the code", status: "in_progress" },
          { content: "fix the bug", status: "pending" },
        ],
      },
      ctx,
    );
    expect(first.content).toBe("Plan (0/2 done):\n[~] read the code\n[ ] fix the bug");
    const second = await todo.execute({ items: [{ content: "read the code", status: "completed" }] }, ctx);
    expect(second.content).toBe("Plan (1/1 done):\n[x] read the code");
    expect(second.details?.items).toEqual([{ content: "read the code", status: "completed" }]);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toHaveLength(2);
  });

  it("refuses two in_progress items and keeps the previous plan", async () => {
    const seen: TodoItem[][] = [];
    const todo = createTodoTool({ onChange: (items) => seen.push(items) });
    await todo.execute({ items: [{ content: "a", status: "pending" }] }, ctx);
    const result = await todo.execute(
      {
        items: [
          { content: "a", status: "in_progress" },
          { content: "b", status: "in_progress" },
        ],
      },
      ctx,
    );
    expect(result.isError).toBe(true);
    expect(result.content).toContain("2 items are in_progress; mark at most one");
    expect(result.content).toContain("[ ] a");
    expect(seen).toHaveLength(1);
  });

  it("validates statuses through its schema", () => {
    const todo = createTodoTool();
    expect(z.safeParse(todo.parameters, { items: [{ content: "a", status: "done" }] }).success).toBe(false);
    expect(z.safeParse(todo.parameters, { items: [{ content: "a", status: "completed" }] }).success).toBe(
      true,
    );
  });
});
