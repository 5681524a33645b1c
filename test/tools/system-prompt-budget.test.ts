/**
 * The fixed cost of every request: the system prompt plus the tool definitions, serialized as each provider
 * sends them, counted in o200k tokens. Fails above the budget.
 */
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { describe, expect, it } from "vitest";
import type { AnyTool } from "../../src/core/tool.ts";
import { toolSpec } from "../../src/core/tool-lookup.ts";
import { buildAnthropicMessagesBody } from "../../src/providers/anthropic-messages-body.ts";
import { buildGeminiBody } from "../../src/providers/google-gemini-body.ts";
import { buildOpenAIChatBody } from "../../src/providers/openai-chat-body.ts";
import { buildOpenAIResponsesBody } from "../../src/providers/openai-responses-body.ts";
import type { ModelEntry, ModelRequest } from "../../src/providers/types.ts";
import { createApplyPatchTool } from "../../src/tools/apply-patch/tool.ts";
import { createEditTool } from "../../src/tools/edit.ts";
import { createFileState } from "../../src/tools/file-state.ts";
import { createFindTool } from "../../src/tools/find.ts";
import { createGrepTool } from "../../src/tools/grep.ts";
import { createLsTool } from "../../src/tools/ls.ts";
import { createReadTool } from "../../src/tools/read.ts";
import { createShellTool } from "../../src/tools/shell.ts";
import { buildSystemPrompt } from "../../src/tools/system-prompt.ts";
import { createTodoTool } from "../../src/tools/todo.ts";
import { createWriteTool } from "../../src/tools/write.ts";

const BUDGET = 2_500;

const fileState = createFileState();
const tools: AnyTool[] = [
  createShellTool(),
  createReadTool({ onRead: (p, c) => fileState.recordRead(p, c) }),
  createWriteTool({ fileState }),
  createEditTool({ fileState }),
  createApplyPatchTool({ fileState }),
  createGrepTool(),
  createFindTool(),
  createLsTool(),
  createTodoTool(),
];

const model: ModelEntry = {
  id: "openai/gpt-5",
  provider: "openai",
  model: "gpt-5",
  contextWindow: 400_000,
  maxOutput: 128_000,
  capabilities: { tools: true, reasoning: true, images: true, editFormat: "edit" },
};

const system = buildSystemPrompt({
  tools,
  cwd: "/home/user/projects/example-app",
  date: "2026-11-24",
  os: "Linux",
});
const request: ModelRequest = { model, system, messages: [], tools: tools.map(toolSpec) };

const count = (value: unknown) => encode(typeof value === "string" ? value : JSON.stringify(value)).length;

/** The system + tools part of each provider's request body. */
function fixedParts(): Record<string, number> {
  const chat = buildOpenAIChatBody(request);
  const responses = buildOpenAIResponsesBody(request);
  const anthropic = buildAnthropicMessagesBody(request);
  const gemini = buildGeminiBody(request);
  return {
    "openai-chat": count({ messages: chat.messages, tools: chat.tools }),
    "openai-responses": count({ instructions: responses.instructions, tools: responses.tools }),
    "anthropic-messages": count({ system: anthropic.system, tools: anthropic.tools }),
    "google-gemini": count({ systemInstruction: gemini.systemInstruction, tools: gemini.tools }),
  };
}

describe("system prompt + tool definitions token budget", () => {
  it(`stays under ${BUDGET} o200k tokens for every provider`, () => {
    const figures = fixedParts();
    console.log(
      `system prompt alone: ${count(system)} tokens; tools: ${tools.map((t) => t.name).join(", ")}\n` +
        Object.entries(figures)
          .map(([p, n]) => `${p}: ${n} tokens`)
          .join("\n"),
    );
    for (const n of Object.values(figures)) expect(n).toBeLessThanOrEqual(BUDGET);
  });
});
