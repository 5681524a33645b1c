/**
 * A tool's `parameters` may be classic zod (`import { z } from "zod"`, what the library exports and users know)
 * or zod/mini (tandem's own tools): both are validated and converted to JSON Schema the same way, with the same
 * messages, and `defineTool` infers `execute`'s argument type from either.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import { z as classic } from "zod";
import { z as mini } from "zod/mini";
import { defineTool } from "../../src/core/tool.ts";
import { checkArguments, jsonSchemaOf } from "../../src/core/tool-lookup.ts";
import type { ToolCallBlock } from "../../src/providers/types.ts";

const classicTool = defineTool({
  name: "count",
  description: "Count.",
  kind: "read",
  parameters: classic.object({
    path: classic.string().min(1),
    limit: classic.number().int().positive().optional().describe("At most"),
  }),
  execute: async ({ path, limit }) => {
    expectTypeOf(path).toEqualTypeOf<string>();
    expectTypeOf(limit).toEqualTypeOf<number | undefined>();
    return { content: `${path} ${limit ?? "all"}` };
  },
});

const miniTool = defineTool({
  name: "count",
  description: "Count.",
  kind: "read",
  parameters: mini.object({
    path: mini.string().check(mini.minLength(1)),
    limit: mini.optional(mini.int().check(mini.positive())).check(mini.describe("At most")),
  }),
  execute: async ({ path, limit }) => {
    expectTypeOf(path).toEqualTypeOf<string>();
    expectTypeOf(limit).toEqualTypeOf<number | undefined>();
    return { content: `${path} ${limit ?? "all"}` };
  },
});

const call = (args: Record<string, unknown>): ToolCallBlock => ({
  type: "tool_call",
  id: "c1",
  name: "count",
  arguments: args,
});

describe("a tool's parameters in classic zod and in zod/mini", () => {
  it("validate good arguments and answer bad ones with the same per-field messages", () => {
    for (const tool of [classicTool, miniTool]) {
      expect(checkArguments(tool, call({ path: "a", limit: 3 }))).toEqual({
        ok: true,
        args: { path: "a", limit: 3 },
      });
      expect(checkArguments(tool, call({ path: "", limit: 1.5 }))).toEqual({
        ok: false,
        raw: { path: "", limit: 1.5 },
        message:
          "invalid arguments for count:\n- path: Too small: expected string to have >=1 characters\n- limit: Invalid input: expected int, received number\nFix the arguments and call the tool again.",
      });
    }
  });

  it("convert to the same JSON Schema", () => {
    const expected = {
      type: "object",
      properties: {
        path: { type: "string", minLength: 1 },
        limit: {
          description: "At most",
          type: "integer",
          exclusiveMinimum: 0,
          maximum: Number.MAX_SAFE_INTEGER,
        },
      },
      required: ["path"],
    };
    expect(jsonSchemaOf(classicTool.parameters)).toEqual(expected);
    expect(jsonSchemaOf(miniTool.parameters)).toEqual(expected);
  });
});
