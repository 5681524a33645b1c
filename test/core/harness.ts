/** Runs a real agent against scripted clients and collects its events for assertions. */

import { expect } from "vitest";
import { type Agent, type AgentOptions, createAgent } from "../../src/core/agent.ts";
import type { AnyTool } from "../../src/core/tool.ts";
import type { AgentEvent } from "../../src/protocol/events.ts";
import type { Message, ModelEntry } from "../../src/providers/types.ts";
import {
  createScriptedClient,
  type ScriptedClient,
  type ScriptStep,
  testModel,
} from "../support/scripted-client.ts";

export interface Harness {
  agent: Agent;
  client: ScriptedClient;
  clients: Record<string, ScriptedClient>;
  events: AgentEvent[];
  /** Resolves with the first event (already seen or future) matching `match`. */
  waitFor<T extends AgentEvent["type"]>(
    type: T,
    match?: (event: Extract<AgentEvent, { type: T }>) => boolean,
    timeoutMs?: number,
  ): Promise<Extract<AgentEvent, { type: T }>>;
  /** Sends shutdown after the queued work, waits for session_finished. */
  finish(): Promise<AgentEvent[]>;
  ofType<T extends AgentEvent["type"]>(type: T): Extract<AgentEvent, { type: T }>[];
}

export interface HarnessOptions extends Partial<Omit<AgentOptions, "resolveModel">> {
  /** Script for the default model `test/model-a`. */
  script?: ScriptStep[];
  /** More models: id → script. */
  models?: Record<string, { script: ScriptStep[]; entry?: Partial<ModelEntry> }>;
  entry?: Partial<ModelEntry>;
}

export function startAgent(options: HarnessOptions = {}): Harness {
  const { script = [], models = {}, entry, ...rest } = options;
  const clients: Record<string, ScriptedClient> = { "test/model-a": createScriptedClient(script) };
  const entries: Record<string, ModelEntry> = { "test/model-a": testModel("test/model-a", entry) };
  for (const [id, m] of Object.entries(models)) {
    clients[id] = createScriptedClient(m.script);
    entries[id] = testModel(id, m.entry);
  }
  const tools: AnyTool[] = rest.tools ?? [];
  const agent = createAgent({
    cwd: process.cwd(),
    model: "test/model-a",
    interactive: false,
    systemPrompt: (model, ts) =>
      `You are a test agent on ${model.id} with ${ts.map((t) => t.name).join(",")}.`,
    ...rest,
    tools,
    resolveModel: (id) => {
      const client = clients[id];
      const e = entries[id];
      return client && e ? { model: e, client } : { error: `no model "${id}" in the catalog` };
    },
  });
  const events: AgentEvent[] = [];
  const waiters: { test: (e: AgentEvent) => boolean; resolve: (e: AgentEvent) => void }[] = [];
  const pump = (async () => {
    for await (const event of agent.subscribe()) {
      events.push(event);
      for (const w of [...waiters]) {
        if (w.test(event)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(event);
        }
      }
    }
  })();
  const harness: Harness = {
    agent,
    client: clients["test/model-a"] as ScriptedClient,
    clients,
    events,
    ofType: (type) => events.filter((e) => e.type === type) as never,
    waitFor(type, match, timeoutMs = 10_000) {
      const test = (e: AgentEvent) => e.type === type && (!match || match(e as never));
      const seen = events.find(test);
      if (seen) return Promise.resolve(seen as never);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${type}`)), timeoutMs);
        waiters.push({
          test,
          resolve: (e) => {
            clearTimeout(timer);
            resolve(e as never);
          },
        });
      });
    },
    async finish() {
      agent.close();
      await agent.done;
      await pump;
      return events;
    },
  };
  return harness;
}

/** Every tool call in the messages has exactly one result, right after its assistant message. */
export function expectValidHistory(messages: Message[]) {
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i] as Message;
    if (m.role !== "assistant") continue;
    const calls = m.content.flatMap((b) => (b.type === "tool_call" ? [b.id] : []));
    const results: string[] = [];
    for (let j = i + 1; j < messages.length && messages[j]?.role === "tool_result"; j++) {
      results.push((messages[j] as Extract<Message, { role: "tool_result" }>).callId);
    }
    expect(results).toEqual(calls);
  }
}
