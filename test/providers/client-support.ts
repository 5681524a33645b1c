/** Shared bits for provider-client tests: a model entry, a request, and draining a stream. */
import type { Message, ModelEntry, ModelRequest, StreamEvent, ToolSpec } from "../../src/providers/types.ts";

export function testModel(overrides: Partial<ModelEntry> = {}): ModelEntry {
  return {
    id: "test/fake-model",
    provider: "test",
    model: "fake-model",
    contextWindow: 128_000,
    maxOutput: 8_000,
    capabilities: { tools: true, reasoning: false, images: true, editFormat: "edit" },
    ...overrides,
  };
}

export const readTool: ToolSpec = {
  name: "read",
  description: "Read a file.",
  parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
};

export function testRequest(overrides: Partial<ModelRequest> = {}): ModelRequest {
  const messages: Message[] = [{ role: "user", content: [{ type: "text", text: "hello" }] }];
  return { model: testModel(), system: "You are a test.", messages, tools: [], ...overrides };
}

export async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** The stream's last event, asserted to be terminal. */
export function last(events: StreamEvent[]): Extract<StreamEvent, { type: "done" | "error" }> {
  const end = events.at(-1);
  if (!end || (end.type !== "done" && end.type !== "error")) {
    throw new Error(`stream did not end with done/error: ${JSON.stringify(end)}`);
  }
  return end;
}

export function textOf(events: StreamEvent[]): string {
  return events.map((e) => (e.type === "text_delta" ? e.delta : "")).join("");
}
