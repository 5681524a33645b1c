/**
 * Finding the tool a model asked for and checking its arguments. Models misspell tool names in predictable
 * ways; we repair only normalizations that cannot pick the wrong tool:
 *   1. exact name;
 *   2. a `functions.` prefix dropped (some models echo the namespace);
 *   3. case, `-`, `_` and spaces ignored (`Read`, `READ`, `read-file`, `readFile` → `read_file`), used only
 *      when exactly one tool matches.
 * Anything else is unknown, and the model is told which tools exist.
 */

import type { ToolCallBlock, ToolSpec } from "../providers/types.ts";
import { clip } from "../util/clip.ts";
import { z } from "../util/zod.ts";
import type { AnyTool } from "./tool.ts";

const normalize = (name: string) => name.toLowerCase().replace(/[-_\s]/g, "");

export type ToolLookup = { tool: AnyTool; repaired: boolean } | { error: string };

export function findTool(name: string, tools: readonly AnyTool[]): ToolLookup {
  const exact = tools.find((t) => t.name === name);
  if (exact) return { tool: exact, repaired: false };
  const bare = name.replace(/^functions\./, "");
  const key = normalize(bare);
  const matches = tools.filter((t) => t.name === bare || normalize(t.name) === key);
  if (matches.length === 1) return { tool: matches[0] as AnyTool, repaired: true };
  const names = tools.map((t) => t.name).join(", ");
  const why = matches.length > 1 ? "matches several tools" : "does not exist";
  return { error: `unknown tool "${name}": it ${why}. Available tools: ${names || "(none)"}.` };
}

export type ArgsCheck = { ok: true; args: unknown } | { ok: false; message: string; raw: unknown };

/** Validates a call's arguments; the message names each bad field and what was expected. */
export function checkArguments(tool: AnyTool, call: ToolCallBlock): ArgsCheck {
  if (call.invalidArguments !== undefined) {
    const raw = call.invalidArguments;
    const shown = clip(raw, 200);
    return {
      ok: false,
      raw,
      message: `invalid arguments for ${tool.name}: not valid JSON (${JSON.stringify(shown)}). Send one JSON object matching the tool's parameters.`,
    };
  }
  // zod's function, not a method: `parameters` is any zod 4 schema (core's `$ZodType`, which has no methods),
  // and the one function parses classic and mini schemas alike.
  const parsed = z.safeParse(tool.parameters, call.arguments);
  if (parsed.success) return { ok: true, args: parsed.data };
  const lines = parsed.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join(".") : "(arguments)";
    return `- ${where}: ${issue.message}`;
  });
  return {
    ok: false,
    raw: call.arguments,
    message: `invalid arguments for ${tool.name}:\n${lines.join("\n")}\nFix the arguments and call the tool again.`,
  };
}

const specCache = new WeakMap<AnyTool, ToolSpec>();

/** A tool's `parameters` as the JSON Schema a model is given (without the meta-schema key vendors reject). */
export function jsonSchemaOf(parameters: z.core.$ZodType): Record<string, unknown> {
  const schema = z.toJSONSchema(parameters, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}

/**
 * The tool as the model sees it, computed once per tool object. A tool's precomputed `jsonSchema` (the built-in
 * tools') is taken as is: zod's conversion was the largest item of ours left in start-up (docs/benchmarks.md).
 */
export function toolSpec(tool: AnyTool): ToolSpec {
  let spec = specCache.get(tool);
  if (!spec) {
    const parameters = tool.jsonSchema ?? jsonSchemaOf(tool.parameters);
    spec = { name: tool.name, description: tool.description, parameters };
    specCache.set(tool, spec);
  }
  return spec;
}
