import { describe, expect, it } from "vitest";
import type { GateCall, GateDecision, ToolGate } from "../../src/core/gate.ts";
import { startAgent } from "./harness.ts";
import { writeTool } from "./test-tools.ts";

/** Asks for every write unless remembered; records the hooks it saw. */
function askingGate(): ToolGate & { remembered: string[]; hooks: string[] } {
  const remembered: string[] = [];
  const hooks: string[] = [];
  return {
    remembered,
    hooks,
    async check(call: GateCall): Promise<GateDecision> {
      const text = (call.args as { text: string }).text;
      if (text === "forbidden")
        return { action: "deny", reason: "notes named forbidden are blocked by rule X" };
      if (remembered.includes(call.tool.name)) return { action: "allow" };
      return {
        action: "ask",
        summary: call.tool.summarize?.(call.args) ?? call.tool.name,
        risk: "write",
        reasons: ["writes a note"],
        reason: "writing notes needs approval",
      };
    },
    remember(call) {
      remembered.push(call.tool.name);
    },
    async beforeRun(call) {
      hooks.push(`before ${(call.args as { text: string }).text}`);
    },
    async afterRun(call) {
      hooks.push(`after ${(call.args as { text: string }).text}`);
    },
  };
}

const twoWrites = [
  { toolCalls: [{ name: "write_note", arguments: { text: "one" } }] },
  { toolCalls: [{ name: "write_note", arguments: { text: "two" } }] },
  { text: "done" },
];

describe("approvals through the gate", () => {
  it("waits for approve, runs the call with the gate's hooks around it", async () => {
    const log: string[] = [];
    const gate = askingGate();
    const h = startAgent({ tools: [writeTool(log)], gate, interactive: true, script: twoWrites });
    h.agent.submit({ type: "user_input", text: "write" });
    const first = await h.waitFor("approval_requested");
    expect(first).toMatchObject({
      tool: "write_note",
      summary: "write one",
      risk: "write",
      reasons: ["writes a note"],
    });
    expect(log).toEqual([]);
    h.agent.submit({ type: "approval", call_id: first.call_id, decision: "approve" });
    const second = await h.waitFor("approval_requested", (e) => e.call_id !== first.call_id);
    expect(log).toEqual(["one"]);
    h.agent.submit({ type: "approval", call_id: second.call_id, decision: "approve" });
    await h.finish();
    expect(log).toEqual(["one", "two"]);
    expect(gate.hooks).toEqual(["before one", "after one", "before two", "after two"]);
  });

  it("remembers approve_always for the rest of the session", async () => {
    const log: string[] = [];
    const gate = askingGate();
    const h = startAgent({ tools: [writeTool(log)], gate, interactive: true, script: twoWrites });
    h.agent.submit({ type: "user_input", text: "write" });
    const first = await h.waitFor("approval_requested");
    h.agent.submit({ type: "approval", call_id: first.call_id, decision: "approve_always" });
    await h.finish();
    expect(gate.remembered).toEqual(["write_note"]);
    expect(h.ofType("approval_requested")).toHaveLength(1);
    expect(log).toEqual(["one", "two"]);
  });

  it("tells the model the user refused, with the note", async () => {
    const log: string[] = [];
    const h = startAgent({
      tools: [writeTool(log)],
      gate: askingGate(),
      interactive: true,
      script: twoWrites.slice(1),
    });
    h.agent.submit({ type: "user_input", text: "write" });
    const ask = await h.waitFor("approval_requested");
    h.agent.submit({
      type: "approval",
      call_id: ask.call_id,
      decision: "deny",
      note: "write it to notes.md instead",
    });
    await h.finish();
    expect(log).toEqual([]);
    const finished = h.ofType("tool_call_finished")[0];
    expect(finished?.status).toBe("denied");
    expect(finished?.content).toBe(
      "denied: the user refused to run this call. Their note: write it to notes.md instead",
    );
    const result = h.client.requests[1]?.messages[2];
    expect(result).toMatchObject({ role: "tool_result", isError: true });
  });

  it("denies ask decisions with their reason when nobody can answer", async () => {
    const log: string[] = [];
    const h = startAgent({
      tools: [writeTool(log)],
      gate: askingGate(),
      interactive: false,
      script: twoWrites.slice(1),
    });
    h.agent.submit({ type: "user_input", text: "write" });
    await h.finish();
    expect(h.ofType("approval_requested")).toHaveLength(0);
    expect(h.ofType("tool_call_finished")[0]).toMatchObject({
      status: "denied",
      content: "denied: writing notes needs approval",
    });
    expect(log).toEqual([]);
    expect(h.ofType("turn_finished")[0]?.status).toBe("done");
  });

  it("passes deny decisions to the model without asking", async () => {
    const log: string[] = [];
    const h = startAgent({
      tools: [writeTool(log)],
      gate: askingGate(),
      interactive: true,
      script: [{ toolCalls: [{ name: "write_note", arguments: { text: "forbidden" } }] }, { text: "ok" }],
    });
    h.agent.submit({ type: "user_input", text: "write" });
    await h.finish();
    expect(h.ofType("approval_requested")).toHaveLength(0);
    expect(h.ofType("tool_call_finished")[0]?.content).toBe(
      "denied: notes named forbidden are blocked by rule X",
    );
  });

  it("an interrupt while waiting for approval marks the call interrupted and ends the turn", async () => {
    const log: string[] = [];
    const h = startAgent({
      tools: [writeTool(log)],
      gate: askingGate(),
      interactive: true,
      script: twoWrites,
    });
    h.agent.submit({ type: "user_input", text: "write" });
    const ask = await h.waitFor("approval_requested");
    h.agent.submit({ type: "interrupt" });
    const turn = await h.waitFor("turn_finished");
    expect(turn.status).toBe("interrupted");
    expect(h.ofType("tool_call_finished")[0]?.status).toBe("interrupted");
    // A late answer is ignored with a notice.
    h.agent.submit({ type: "approval", call_id: ask.call_id, decision: "approve" });
    await h.waitFor("notice");
    await h.finish();
    expect(log).toEqual([]);
  });

  it("does not run a call when the gate fails or its checkpoint fails", async () => {
    const log: string[] = [];
    const gate: ToolGate = {
      async check(call) {
        if ((call.args as { text: string }).text === "boom") throw new Error("rule file unreadable");
        return { action: "allow" };
      },
      async beforeRun() {
        throw new Error("disk full");
      },
    };
    const h = startAgent({
      tools: [writeTool(log)],
      gate,
      script: [
        {
          toolCalls: [
            { name: "write_note", arguments: { text: "boom" } },
            { name: "write_note", arguments: { text: "fine" } },
          ],
        },
        { text: "ok" },
      ],
    });
    h.agent.submit({ type: "user_input", text: "write" });
    await h.finish();
    expect(log).toEqual([]);
    const [failedGate, failedCheckpoint] = h.ofType("tool_call_finished");
    expect(failedGate).toMatchObject({ status: "denied" });
    expect(failedGate?.content).toContain("the safety check failed (rule file unreadable)");
    expect(failedCheckpoint).toMatchObject({ status: "error" });
    expect(failedCheckpoint?.content).toContain("not run: preparing the call failed (disk full)");
  });
});
