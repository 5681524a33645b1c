/**
 * The loop against a real provider client and the fake model server (real HTTP, real Anthropic wire format):
 * a tool call interrupted mid-run still leaves a history the vendor format accepts.
 */
import { setTimeout as delay } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAgent } from "../../src/core/agent.ts";
import type { AgentEvent } from "../../src/protocol/events.ts";
import { createAnthropicMessagesClient } from "../../src/providers/anthropic-messages.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import { testModel } from "../support/scripted-client.ts";
import { groupAlive, sleepProcessTool } from "./test-tools.ts";

let server: FakeModelServer;
beforeEach(async () => {
  server = await startFakeModel();
});
afterEach(() => server.close());

type Block = { type: string; id?: string; tool_use_id?: string; text?: string };
type WireMessage = { role: string; content: string | Block[] };

describe("the loop with a real client", () => {
  it("keeps every tool_use answered by a tool_result after an interrupt", async () => {
    const pids: number[] = [];
    const client = createAnthropicMessagesClient({
      baseUrl: server.baseUrl("anthropic-messages"),
      apiKey: "k",
    });
    const model = testModel("anthropic/fake-model", { model: "fake-model" });
    const agent = createAgent({
      cwd: process.cwd(),
      model: model.id,
      resolveModel: () => ({ model, client }),
      tools: [sleepProcessTool(pids)],
      systemPrompt: () => "You are a test.",
      interactive: false,
    });
    server.enqueue(
      {
        kind: "reply",
        text: "Sleeping.",
        toolCalls: [{ id: "toolu_1", name: "run_sleep", arguments: { seconds: 30 } }],
      },
      { kind: "reply", text: "Understood." },
    );
    const events: AgentEvent[] = [];
    const pump = (async () => {
      for await (const e of agent.subscribe()) events.push(e);
    })();
    agent.submit({ type: "user_input", text: "start" });
    while (pids.length === 0) await delay(10);
    agent.submit({ type: "interrupt" });
    while (!events.some((e) => e.type === "turn_finished")) await delay(10);
    agent.submit({ type: "user_input", text: "next" });
    agent.close();
    await agent.done;
    await pump;

    expect(groupAlive(pids[0] as number)).toBe(false);
    const finished = events.filter((e) => e.type === "turn_finished");
    expect(finished.map((e) => e.type === "turn_finished" && e.status)).toEqual(["interrupted", "done"]);
    expect(events.some((e) => e.type === "error")).toBe(false);

    const body = server.requests[1]?.body as { messages: WireMessage[] };
    const blocks = (m: WireMessage | undefined): Block[] =>
      !m ? [] : typeof m.content === "string" ? [{ type: "text", text: m.content }] : m.content;
    body.messages.forEach((m, i) => {
      if (m.role !== "assistant") return;
      const uses = blocks(m)
        .filter((b) => b.type === "tool_use")
        .map((b) => b.id);
      const answers = blocks(body.messages[i + 1])
        .filter((b) => b.type === "tool_result")
        .map((b) => b.tool_use_id);
      expect(answers).toEqual(uses);
    });
    const wire = JSON.stringify(body.messages);
    expect(wire).toContain("toolu_1");
    expect(wire).toContain("interrupted by the user");
    expect(wire).toContain("next");
  });
});
