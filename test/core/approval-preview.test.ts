/**
 * `approval_requested` carries the change a call would make, from the tool's declared `preview` (no tool
 * names involved): bounded to 500 lines with a note, absent for a tool without one, and a preview that
 * throws or never finishes does not keep the approval from being asked.
 */

import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { GateDecision, ToolGate } from "../../src/core/gate.ts";
import { type AnyTool, defineTool } from "../../src/core/tool.ts";
import { startAgent } from "./harness.ts";
import { writeTool } from "./test-tools.ts";

const askAlways: ToolGate = {
  async check(): Promise<GateDecision> {
    return { action: "ask", summary: "change it", risk: "write", reasons: [], reason: "needs approval" };
  },
};

/** A file-changing tool whose preview is given; it records when it ran. */
function changeTool(preview: () => Promise<string | undefined>, ran: string[]): AnyTool {
  return defineTool({
    name: "change",
    description: "Changes something.",
    kind: "other",
    parameters: z.object({ lines: z.number().int() }),
    preview,
    async execute() {
      ran.push("ran");
      return { content: "changed" };
    },
  });
}

const oneCall = [{ toolCalls: [{ name: "change", arguments: { lines: 1 } }] }, { text: "done" }];

describe("approval previews", () => {
  it("carries the preview's diff, writes nothing before the answer", async () => {
    const ran: string[] = [];
    const diff = "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new";
    const h = startAgent({
      tools: [changeTool(async () => diff, ran)],
      gate: askAlways,
      interactive: true,
      script: oneCall,
    });
    h.agent.submit({ type: "user_input", text: "go" });
    const asked = await h.waitFor("approval_requested");
    expect(asked.diff).toBe(diff);
    expect(ran).toEqual([]);
    h.agent.submit({ type: "approval", call_id: asked.call_id, decision: "approve" });
    await h.waitFor("tool_call_finished");
    expect(ran).toEqual(["ran"]);
    await h.finish();
  });

  it("bounds a long preview to 500 lines and says how many more", async () => {
    const long = [
      "--- a/x",
      "+++ b/x",
      "@@ -0,0 +1,998 @@",
      ...Array.from({ length: 998 }, (_, i) => `+${i}`),
    ];
    const h = startAgent({
      tools: [changeTool(async () => long.join("\n"), [])],
      gate: askAlways,
      interactive: true,
      script: oneCall,
    });
    h.agent.submit({ type: "user_input", text: "go" });
    const asked = await h.waitFor("approval_requested");
    const lines = asked.diff?.split("\n") ?? [];
    expect(lines).toHaveLength(501);
    expect(lines.at(-1)).toBe("\\ … 501 more diff lines not shown");
    h.agent.submit({ type: "approval", call_id: asked.call_id, decision: "deny" });
    await h.finish();
  });

  it("asks without a diff when the preview throws, or the tool has none", async () => {
    const h = startAgent({
      tools: [
        changeTool(async () => {
          throw new Error("cannot read");
        }, []),
        writeTool([]),
      ],
      gate: askAlways,
      interactive: true,
      script: [
        { toolCalls: [{ name: "change", arguments: { lines: 1 } }] },
        { toolCalls: [{ name: "write_note", arguments: { text: "a" } }] },
        { text: "done" },
      ],
    });
    h.agent.submit({ type: "user_input", text: "go" });
    const first = await h.waitFor("approval_requested");
    expect(first.diff).toBeUndefined();
    h.agent.submit({ type: "approval", call_id: first.call_id, decision: "deny" });
    const second = await h.waitFor("approval_requested", (e) => e.call_id !== first.call_id);
    expect(second.tool).toBe("write_note");
    expect(second.diff).toBeUndefined();
    h.agent.submit({ type: "approval", call_id: second.call_id, decision: "deny" });
    await h.finish();
  });

  it("asks without a diff when the preview does not finish in 2 s", { timeout: 10_000 }, async () => {
    const h = startAgent({
      tools: [changeTool(() => new Promise(() => undefined), [])],
      gate: askAlways,
      interactive: true,
      script: oneCall,
    });
    h.agent.submit({ type: "user_input", text: "go" });
    const asked = await h.waitFor("approval_requested", undefined, 5_000);
    expect(asked.diff).toBeUndefined();
    h.agent.submit({ type: "approval", call_id: asked.call_id, decision: "deny" });
    await h.finish();
  });
});
