/**
 * An answer cut at the output limit, through the real clients and the fake server's vendor stop reasons
 * (`finish_reason: length`, `max_tokens`, Responses `incomplete` / max_output_tokens, `MAX_TOKENS`): the user
 * gets an `output_limit` notice, the model a note in the history, and a cut text answer is continued. It used
 * to end the turn as "done" with half an answer and no word about it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createAgent } from "../../src/core/agent.ts";
import { maxContinuations } from "../../src/core/output-limit.ts";
import type { AgentEvent } from "../../src/protocol/events.ts";
import type { ProtocolId } from "../../src/providers/types.ts";
import { clientFor, protocols } from "../providers/stream-fault-clients.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import { testModel } from "../support/scripted-client.ts";
import { echoTool } from "./test-tools.ts";

let server: FakeModelServer | undefined;
afterEach(() => server?.close());

async function runTurn(fake: FakeModelServer, protocol: ProtocolId, text: string): Promise<AgentEvent[]> {
  const model = testModel("test/fake-model", { model: "fake-model", maxOutput: 1234 });
  const agent = createAgent({
    cwd: process.cwd(),
    model: model.id,
    resolveModel: () => ({ model, client: clientFor(fake, protocol) }),
    tools: [echoTool()],
    systemPrompt: () => "You are a test.",
    interactive: false,
  });
  const events: AgentEvent[] = [];
  const pump = (async () => {
    for await (const e of agent.subscribe()) events.push(e);
  })();
  agent.submit({ type: "user_input", text });
  agent.close();
  await agent.done;
  await pump;
  return events;
}

const notices = (events: AgentEvent[]) =>
  events.filter((e): e is Extract<AgentEvent, { type: "notice" }> => e.type === "notice");
const bodyOf = (fake: FakeModelServer, i: number) => JSON.stringify(fake.requests[i]?.body);

describe.each(protocols)("%s: an answer cut at the output limit", (protocol) => {
  it("is reported to the user, noted for the model and continued by the next request", async () => {
    server = await startFakeModel();
    server.enqueue(
      { kind: "reply", text: "The first half", stopReason: "length" },
      { kind: "reply", text: " and the rest." },
    );
    const events = await runTurn(server, protocol, "write a long answer");
    const [notice] = notices(events);
    expect(notice).toMatchObject({ level: "warning", code: "output_limit" });
    expect(notice?.message).toBe(
      `the answer was cut at the model's output limit (1234 tokens); asking the model to continue (1 of ${maxContinuations})`,
    );
    expect(bodyOf(server, 1)).toContain("reached the output limit of 1234 tokens");
    expect(bodyOf(server, 1)).toContain("Continue exactly where it stopped");
    const texts = events.flatMap((e) => (e.type === "message_done" ? [e.text] : []));
    expect(texts).toEqual(["The first half", " and the rest."]);
    expect(events.at(-2)).toMatchObject({ type: "turn_finished", status: "done", steps: 2 });
  });
});

describe("the output limit, beyond text", () => {
  it("stops continuing after a few cut answers in a row and says the turn ends with the answer as it is", async () => {
    server = await startFakeModel();
    for (let i = 0; i <= maxContinuations; i++)
      server.enqueue({ kind: "reply", text: `part ${i} `, stopReason: "length" });
    const events = await runTurn(server, "anthropic-messages", "go");
    expect(notices(events)).toHaveLength(maxContinuations + 1);
    expect(notices(events).at(-1)?.message).toContain(`${maxContinuations + 1} times in a row`);
    expect(notices(events).at(-1)?.message).toContain('Send a message (e.g. "continue")');
    expect(server.requests).toHaveLength(maxContinuations + 1);
    expect(events.at(-2)).toMatchObject({ type: "turn_finished", status: "done" });
  });

  it("a cut response with a tool call: the call is answered, then the model is told about the limit", async () => {
    server = await startFakeModel();
    server.enqueue(
      {
        kind: "reply",
        toolCalls: [{ id: "call_1", name: "read_file", arguments: '{"path": "a.t' }],
        stopReason: "length",
      },
      { kind: "reply", text: "done" },
    );
    const events = await runTurn(server, "openai-chat", "read");
    expect(notices(events).map((n) => n.message)).toEqual([
      "the answer was cut at the model's output limit (1234 tokens); the model is told (a tool call it cut fails with an argument error)",
    ]);
    const noticeAt = events.findIndex((e) => e.type === "notice");
    expect(noticeAt).toBeLessThan(events.findIndex((e) => e.type === "tool_call_finished"));
    expect(events.find((e) => e.type === "tool_call_finished")).toMatchObject({ status: "error" });
    const messages = server.requests[1]?.body.messages as { role: string; content: unknown }[];
    expect(messages.map((m) => m.role).slice(-3)).toEqual(["assistant", "tool", "user"]);
    expect(String(messages.at(-1)?.content)).toContain("If its last tool call was cut too, it failed");
    expect(events.at(-2)).toMatchObject({ type: "turn_finished", status: "done", steps: 2 });
  });
});

describe("the output-limit note in the session file", () => {
  // It is a user-role message for the model; resumed, it used to show as if the user had typed it.
  it("is marked as the harness's note and resumes as a notice, not as the user's words", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { readSession } = await import("../../src/core/session/reader.ts");
    const { transcriptEntries } = await import("../../src/conversation/transcript.ts");
    const dir = mkdtempSync(join(tmpdir(), "tandem-output-note-"));
    try {
      server = await startFakeModel();
      server.enqueue(
        { kind: "reply", text: "The first half", stopReason: "length" },
        { kind: "reply", text: " and the rest." },
      );
      const model = testModel("test/fake-model", { model: "fake-model", maxOutput: 1234 });
      const agent = createAgent({
        cwd: process.cwd(),
        model: model.id,
        resolveModel: () => ({ model, client: clientFor(server as FakeModelServer, "openai-chat") }),
        tools: [echoTool()],
        systemPrompt: () => "You are a test.",
        interactive: false,
        session: { dir },
      });
      const pump = (async () => {
        for await (const _ of agent.subscribe()) {
          // drained
        }
      })();
      agent.submit({ type: "user_input", text: "write a long answer" });
      agent.close();
      await agent.done;
      await pump;
      const loaded = await readSession(join(dir, `${agent.sessionId}.jsonl`));
      const notes = loaded.history.filter((item) => item.note);
      expect(notes).toHaveLength(1);
      expect(notes[0]?.message.role).toBe("user");
      const entries = transcriptEntries(loaded.history, loaded.turnEnds);
      expect(entries.filter((e) => e.kind === "user").map((e) => ("text" in e ? e.text : ""))).toEqual([
        "write a long answer",
      ]);
      expect(entries).toContainEqual(
        expect.objectContaining({
          kind: "notice",
          level: "warning",
          text: expect.stringContaining("output limit"),
        }),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
