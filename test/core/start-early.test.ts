/**
 * Tools that start early (`startsEarly`): the loop hands them the gate's preparation as `ctx.ready` and runs the
 * two side by side, only where the gate allows it (`mayStartEarly`); a failed preparation means the call did not
 * run, whatever the tool returned.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { GateCall, ToolGate } from "../../src/core/gate.ts";
import { defineTool } from "../../src/core/tool.ts";
import { startAgent } from "./harness.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Records what happened in which order: its set-up starts at once, its effect waits for `ready`. */
function earlyTool(log: string[]) {
  return defineTool({
    name: "act",
    description: "acts",
    parameters: z.object({ text: z.string() }),
    kind: "other",
    startsEarly: true,
    async execute(args, ctx) {
      log.push(`set-up ${args.text}${ctx.ready ? " (early)" : ""}`);
      if (ctx.ready) {
        try {
          await ctx.ready;
        } catch {
          return { content: "not run", isError: true };
        }
      }
      log.push(`effect ${args.text}`);
      return { content: "done" };
    },
  });
}

function slowGate(log: string[], options: { early: boolean; fail?: boolean }): ToolGate {
  return {
    async check() {
      return { action: "allow" };
    },
    mayStartEarly: () => options.early,
    async beforeRun(call: GateCall) {
      await sleep(150);
      log.push(`checkpoint ${(call.args as { text: string }).text}`);
      if (options.fail) throw new Error("disk full");
    },
    async afterRun() {},
  };
}

const oneCall = [{ toolCalls: [{ name: "act", arguments: { text: "a" } }] }, { text: "done" }];

describe("tools that start early", () => {
  it("sets up during the preparation, and acts only after it", async () => {
    const log: string[] = [];
    const h = startAgent({ tools: [earlyTool(log)], gate: slowGate(log, { early: true }), script: oneCall });
    h.agent.submit({ type: "user_input", text: "go" });
    await h.finish();
    expect(log).toEqual(["set-up a (early)", "checkpoint a", "effect a"]);
    expect(h.ofType("tool_call_finished")[0]?.status).toBe("ok");
  });

  it("waits for the preparation first where the gate does not allow an early start", async () => {
    const log: string[] = [];
    const h = startAgent({ tools: [earlyTool(log)], gate: slowGate(log, { early: false }), script: oneCall });
    h.agent.submit({ type: "user_input", text: "go" });
    await h.finish();
    expect(log).toEqual(["checkpoint a", "set-up a", "effect a"]);
  });

  it("reports a failed preparation as not run", async () => {
    const log: string[] = [];
    const gate = slowGate(log, { early: true, fail: true });
    const h = startAgent({ tools: [earlyTool(log)], gate, script: oneCall });
    h.agent.submit({ type: "user_input", text: "go" });
    await h.finish();
    expect(log).toEqual(["set-up a (early)", "checkpoint a"]);
    const finished = h.ofType("tool_call_finished")[0];
    expect(finished?.status).toBe("error");
    expect(finished?.content).toContain("not run: preparing the call failed (disk full)");
  });
});
