import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { textOf } from "../../src/core/history.ts";
import type { Message } from "../../src/providers/types.ts";
import { expectValidHistory, startAgent } from "./harness.ts";
import { groupAlive, sleepProcessTool, writeTool } from "./test-tools.ts";

describe("interrupt", () => {
  it("aborts a stream, keeps the partial text, and the next turn works", async () => {
    const h = startAgent({ script: [{ hang: true, text: "Let me think" }, { text: "Sure." }] });
    h.agent.submit({ type: "user_input", text: "start" });
    await h.waitFor("message_delta");
    h.agent.submit({ type: "interrupt" });
    const finished = await h.waitFor("turn_finished");
    expect(finished.status).toBe("interrupted");
    expect(h.ofType("error")).toHaveLength(0);
    h.agent.submit({ type: "user_input", text: "again" });
    await h.finish();
    expect(h.ofType("turn_finished").map((t) => t.status)).toEqual(["interrupted", "done"]);
    const messages = h.client.requests[1]?.messages ?? [];
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(textOf(messages[1] as Message)).toBe("Let me think");
  });

  it("ends the turn at once even when the client ignores the abort", async () => {
    const h = startAgent({ script: [{ hang: true, ignoreAbort: true, text: "stuck" }, { text: "fine" }] });
    h.agent.submit({ type: "user_input", text: "start" });
    await h.waitFor("message_delta");
    const t0 = Date.now();
    h.agent.submit({ type: "interrupt" });
    expect((await h.waitFor("turn_finished")).status).toBe("interrupted");
    expect(Date.now() - t0).toBeLessThan(500);
    h.agent.submit({ type: "user_input", text: "next" });
    await h.finish();
    const messages = h.client.requests[1]?.messages ?? [];
    expect(messages.map((m) => textOf(m))).toEqual(["start", "stuck", "next"]);
  });

  it("kills a running tool's process group and marks started calls interrupted", async () => {
    const pids: number[] = [];
    const h = startAgent({
      tools: [sleepProcessTool(pids)],
      script: [
        {
          toolCalls: [
            { name: "run_sleep", arguments: { seconds: 30 } },
            { name: "run_sleep", arguments: { seconds: 30 } },
          ],
        },
        { text: "ok" },
      ],
    });
    h.agent.submit({ type: "user_input", text: "sleep" });
    await h.waitFor("tool_call_started");
    while (pids.length === 0) await delay(10);
    const pid = pids[0] as number;
    expect(groupAlive(pid)).toBe(true);
    const t0 = Date.now();
    h.agent.submit({ type: "interrupt" });
    const turn = await h.waitFor("turn_finished");
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(turn.status).toBe("interrupted");
    await delay(50);
    expect(groupAlive(pid)).toBe(false);
    expect(pids).toHaveLength(1); // the second call never ran
    const finished = h.ofType("tool_call_finished");
    expect(finished.map((f) => f.status)).toEqual(["interrupted", "interrupted"]);
    expect(finished[0]?.content).toContain("interrupted by the user");
    expect(finished[1]?.content).toContain("not run");

    h.agent.submit({ type: "user_input", text: "what happened?" });
    await h.finish();
    expect(h.ofType("turn_finished").map((t) => t.status)).toEqual(["interrupted", "done"]);
    const messages = h.client.requests[1]?.messages ?? [];
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "tool_result", "tool_result", "user"]);
    expectValidHistory(messages);
  });

  it("shutdown interrupts the running turn and ends the session", async () => {
    const h = startAgent({ script: [{ hang: true }] });
    h.agent.submit({ type: "user_input", text: "start" });
    await h.waitFor("turn_started");
    await delay(20);
    h.agent.submit({ type: "shutdown" });
    await h.agent.done;
    const events = await h.finish();
    expect(events.at(-2)).toMatchObject({ type: "turn_finished", status: "interrupted" });
    expect(events.at(-1)?.type).toBe("session_finished");
  });

  it("stops waiting for a tool that ignores the abort after the grace period", async () => {
    const log: string[] = [];
    const h = startAgent({
      tools: [writeTool(log)],
      abortGraceMs: 100,
      script: [{ toolCalls: [{ name: "write_note", arguments: { text: "stubborn", ms: 1_500 } }] }],
    });
    h.agent.submit({ type: "user_input", text: "go" });
    await h.waitFor("tool_call_started");
    const t0 = Date.now();
    h.agent.submit({ type: "interrupt" });
    const turn = await h.waitFor("turn_finished");
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(turn.status).toBe("interrupted");
    expect(h.ofType("tool_call_finished")[0]).toMatchObject({
      status: "interrupted",
      content: "interrupted by the user",
    });
    await h.finish();
  });
});
