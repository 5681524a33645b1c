/**
 * Typed tool failures through a real agent and the fake model server: a `ToolError` is answered to the model
 * as an error result and the turn goes on; a `FatalToolError` answers its call, leaves the response's later
 * calls unrun (but answered), and ends the turn: an `error` event (`tool_fatal`) and `turn_finished` failed.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createAgent } from "../../src/core/agent.ts";
import { type AnyTool, defineTool, FatalToolError, ToolError } from "../../src/core/tool.ts";
import type { AgentEvent } from "../../src/protocol/events.ts";
import { clientFor } from "../providers/stream-fault-clients.ts";
import { registerCliE2E } from "../support/cli-e2e.ts";
import type { ScriptStep } from "../support/fake-model/script.ts";
import { testModel } from "../support/scripted-client.ts";

// One fake model server for the file, its queue cleared after each test.
const fake = registerCliE2E();

function failingTool(fail: (how: string) => never) {
  const runs: string[] = [];
  const tool = defineTool({
    name: "lookup",
    description: "Look something up (test).",
    kind: "fetch",
    parameters: z.object({ how: z.string() }),
    execute: async (args) => {
      runs.push(args.how);
      if (args.how === "ok") return { content: "found it" };
      return fail(args.how);
    },
  });
  return { tool: tool as AnyTool, runs };
}

/** The model's script, then one turn of a real agent with `tool` against the fake server; its events. */
async function run(tool: AnyTool, ...script: ScriptStep[]): Promise<AgentEvent[]> {
  fake.server.enqueue(...script);
  const model = testModel("test/fake-model", { model: "fake-model" });
  const agent = createAgent({
    cwd: process.cwd(),
    model: model.id,
    resolveModel: () => ({ model, client: clientFor(fake.server, "openai-chat") }),
    tools: [tool],
    systemPrompt: () => "You are a test.",
    interactive: false,
  });
  const events: AgentEvent[] = [];
  const pump = (async () => {
    for await (const e of agent.subscribe()) events.push(e);
  })();
  agent.submit({ type: "user_input", text: "go" });
  agent.close();
  await agent.done;
  await pump;
  return events;
}

const finished = (events: AgentEvent[]) =>
  events.filter(
    (e): e is Extract<AgentEvent, { type: "tool_call_finished" }> => e.type === "tool_call_finished",
  );

/** One response calling the tool twice: the first fails, the second would succeed. */
const failThenOk: ScriptStep = {
  kind: "reply",
  toolCalls: [
    { name: "lookup", arguments: { how: "gone" } },
    { name: "lookup", arguments: { how: "ok" } },
  ],
};

describe("tool failures", () => {
  it("a ToolError is answered to the model, which goes on in the same turn", async () => {
    const { tool, runs } = failingTool((how) => {
      throw new ToolError(`no entry named "${how}"; list the entries first`);
    });
    const before = fake.server.requests.length;
    const events = await run(
      tool,
      { kind: "reply", toolCalls: [{ name: "lookup", arguments: { how: "bad" } }] },
      { kind: "reply", toolCalls: [{ name: "lookup", arguments: { how: "ok" } }] },
      { kind: "reply", text: "done" },
    );
    expect(runs).toEqual(["bad", "ok"]);
    const [failed] = finished(events);
    expect(failed).toMatchObject({
      status: "error",
      content: 'no entry named "bad"; list the entries first',
    });
    // The model saw it as its call's error result.
    expect(JSON.stringify(fake.server.requests[before + 1]?.body)).toContain('no entry named \\"bad\\"');
    expect(events.find((e) => e.type === "turn_finished")).toMatchObject({ status: "done", steps: 3 });
    expect(events.some((e) => e.type === "error")).toBe(false);
  });

  it("a FatalToolError ends the turn with an error event; later calls of the response are answered, not run", async () => {
    const { tool, runs } = failingTool(() => {
      throw new FatalToolError("the lookup server closed the connection and cannot be restarted");
    });
    const before = fake.server.requests.length;
    const events = await run(tool, failThenOk);
    // The fetch calls are read-only and may run together; the second was run or answered, never left open.
    expect(runs[0]).toBe("gone");
    const results = finished(events);
    expect(results).toHaveLength(2);
    expect(results[0]).toMatchObject({ status: "error", kind: "fetch" });
    expect(results[0]?.content).toContain("the lookup server closed the connection");
    const error = events.find((e) => e.type === "error");
    expect(error).toMatchObject({ code: "tool_fatal", fatal: true });
    expect(error && "message" in error ? error.message : "").toContain("lookup failed and cannot go on");
    expect(events.find((e) => e.type === "turn_finished")).toMatchObject({
      status: "failed",
      reason: "tool_fatal",
      steps: 1,
    });
    // No further request: the turn ended instead of asking the model again.
    expect(fake.server.requests.length - before).toBe(1);
  });

  it("after a FatalToolError, a later call that would run alone is answered without running", async () => {
    const { tool: base, runs } = failingTool(() => {
      throw new FatalToolError("credentials revoked");
    });
    // Not read-only: the calls run one after the other, so the second one comes after the failure.
    const events = await run({ ...base, kind: "other" }, failThenOk);
    expect(runs).toEqual(["gone"]);
    const results = finished(events);
    expect(results[1]).toMatchObject({ status: "error" });
    expect(results[1]?.content).toContain("not run: lookup failed earlier in this response");
  });
});
