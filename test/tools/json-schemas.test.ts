import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createToolSet } from "../../src/app/tool-set.ts";
import { defineTool } from "../../src/core/tool.ts";
import { jsonSchemaOf, toolSpec } from "../../src/core/tool-lookup.ts";

describe("precomputed JSON Schemas of the built-in tools", () => {
  it("equal zod's live conversion of each tool's parameters (run `node scripts/tool-schemas.ts` when they differ)", () => {
    const { tools } = createToolSet({ cwd: process.cwd() });
    expect(tools.length).toBeGreaterThan(0);
    for (const tool of tools) {
      expect(tool.jsonSchema, tool.name).toBeDefined();
      expect(tool.jsonSchema, tool.name).toEqual(jsonSchemaOf(tool.parameters));
      expect(toolSpec(tool).parameters, tool.name).toBe(tool.jsonSchema);
    }
  });

  it("a tool without one is converted from its parameters", () => {
    const tool = defineTool({
      name: "echo",
      description: "Echo.",
      kind: "other",
      parameters: z.object({ text: z.string().describe("What to say") }),
      execute: async ({ text }) => ({ content: text }),
    });
    expect(toolSpec(tool).parameters).toEqual({
      type: "object",
      properties: { text: { type: "string", description: "What to say" } },
      required: ["text"],
    });
  });
});
