/**
 * One conversation, two ways: the events of real turns (a real Anthropic client against the fake model server,
 * real tools, a real session file) reduced live, and the saved session read back as the resume transcript.
 * Both give the same entries: reasoning, text, parallel reads that finish in any order, an edit with its diff,
 * a refused call with its refusal, the plan at each turn's end.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createToolSet } from "../../src/app/tool-set.ts";
import { createConversation, reduceConversation } from "../../src/conversation/reduce.ts";
import { resumedConversation } from "../../src/conversation/transcript.ts";
import type { ConversationInput } from "../../src/conversation/types.ts";
import { createAgent } from "../../src/core/agent.ts";
import { readSession } from "../../src/core/session/reader.ts";
import type { AgentEvent } from "../../src/protocol/events.ts";
import { createAnthropicMessagesClient } from "../../src/providers/anthropic-messages.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import { testModel } from "../support/scripted-client.ts";

let server: FakeModelServer;
let dir: string;
let cwd: string;
beforeEach(async () => {
  server = await startFakeModel();
  dir = mkdtempSync(join(tmpdir(), "tandem-sessions-"));
  cwd = mkdtempSync(join(tmpdir(), "tandem-ws-"));
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(cwd, { recursive: true, force: true });
});

const plan = (a: string, b: string) => ({
  items: [
    { content: "Fix a.txt", status: a },
    { content: "Add b.txt", status: b },
  ],
});

it("builds the same transcript from the live events as from the saved session", async () => {
  writeFileSync(join(cwd, "a.txt"), "one\ntwo\n");
  writeFileSync(join(cwd, "c.txt"), "three\n");
  const client = createAnthropicMessagesClient({
    baseUrl: server.baseUrl("anthropic-messages"),
    apiKey: "k",
  });
  const model = testModel("anthropic/fake-model", { model: "fake-model" });
  const agent = createAgent({
    cwd,
    model: model.id,
    resolveModel: () => ({ model, client }),
    tools: createToolSet({ cwd }).tools,
    systemPrompt: () => "You are a test.",
    interactive: false,
    session: { dir },
    gate: {
      check: async (call) =>
        call.tool.name === "shell"
          ? { action: "deny", reason: "no shell here", howToAllow: ["tandem --mode full"] }
          : { action: "allow" },
    },
  });
  server.enqueue(
    {
      kind: "reply",
      reasoning: "Let me plan.",
      toolCalls: [{ name: "todo", arguments: plan("in_progress", "pending") }],
    },
    {
      kind: "reply",
      text: "Reading both.",
      toolCalls: [
        { name: "read", arguments: { path: "a.txt" } },
        { name: "read", arguments: { path: "c.txt" } },
      ],
    },
    {
      kind: "reply",
      toolCalls: [{ name: "edit", arguments: { path: "a.txt", old_string: "two", new_string: "TWO" } }],
    },
    { kind: "reply", text: "Half done." },
    { kind: "reply", toolCalls: [{ name: "shell", arguments: { command: "rm -rf build" } }] },
    { kind: "reply", toolCalls: [{ name: "todo", arguments: plan("completed", "completed") }] },
    { kind: "reply", text: "All done." },
  );
  const events: AgentEvent[] = [];
  const pump = (async () => {
    for await (const e of agent.subscribe()) events.push(e);
  })();
  const prompts = ["fix a", "add b"];
  for (const text of prompts) agent.submit({ type: "user_input", text });
  agent.close();
  await agent.done;
  await pump;

  // The front end's own inputs go in where it would have sent them: each message before its turn starts.
  const inputs: ConversationInput[] = [];
  let turn = 0;
  for (const event of events) {
    if (event.type === "turn_started") inputs.push({ type: "user_message", text: prompts[turn++] ?? "" });
    inputs.push(event);
  }
  const live = inputs.reduce(reduceConversation, createConversation());
  expect(
    events.filter((e) => e.type === "turn_finished").map((e) => e.type === "turn_finished" && e.status),
  ).toEqual(["done", "done"]);
  expect(events.some((e) => e.type === "error" || e.type === "notice")).toBe(false);

  const loaded = await readSession(join(dir, `${agent.sessionId}.jsonl`));
  const resumed = resumedConversation(loaded.history, { turnEnds: loaded.turnEnds });
  expect(resumed.entries).toEqual(live.entries);

  // The comparison covers what it claims to: each kind of entry is there.
  const kinds = live.entries.map((e) => (e.kind === "tool" ? `tool:${e.tool}:${e.status}` : e.kind));
  expect(kinds).toEqual([
    "user",
    "reasoning",
    "tool:todo:ok",
    "assistant",
    "tool:read:ok",
    "tool:read:ok",
    "tool:edit:ok",
    "assistant",
    "todos",
    "user",
    "tool:shell:denied",
    "tool:todo:ok",
    "assistant",
    "todos",
  ]);
  const edit = live.entries.find((e) => e.kind === "tool" && e.tool === "edit");
  expect(edit?.kind === "tool" && edit.diff).toContain("+TWO");
  const shell = live.entries.find((e) => e.kind === "tool" && e.tool === "shell");
  expect(shell?.kind === "tool" && shell.refusal).toEqual({
    reason: "no shell here",
    how_to_allow: ["tandem --mode full"],
  });
});
