/** An approval request on screen: what would run, its risk class, the reasons, and the keys to answer. */
import { afterEach, expect, it } from "vitest";
import { createHarness, type Harness } from "./support/screen-harness.ts";

let h: Harness | undefined;
afterEach(() => h?.term.dispose());

it("shows the summary, risk and reasons with the answer keys, and drops the prompt once the call finishes", async () => {
  h = createHarness({ cols: 100, rows: 20 });
  await h.feed(
    { type: "turn_started", turn_id: "t1" },
    {
      type: "tool_call_started",
      turn_id: "t1",
      call_id: "c1",
      tool: "shell",
      kind: "execute",
      arguments: { command: "rm -rf build" },
    },
    {
      type: "approval_requested",
      turn_id: "t1",
      call_id: "c1",
      tool: "shell",
      summary: "rm -rf build",
      risk: "destructive",
      reasons: ["deletes files recursively"],
    },
  );
  const screen = h.term.screen();
  expect(screen).toContain("Approve? shell [destructive]: rm -rf build");
  expect(screen).toContain("  - deletes files recursively");
  expect(screen).toContain(
    "  y yes · a always · n no, then Enter · or type a note and Enter to deny with it",
  );
  expect(h.screen.state.approval?.callId).toBe("c1");

  await h.feed({
    type: "tool_call_finished",
    turn_id: "t1",
    call_id: "c1",
    tool: "shell",
    kind: "execute",
    status: "denied",
    content: "The user denied this call.",
    duration_ms: 3000,
  });
  expect(h.term.screen().some((l) => l.startsWith("Approve?"))).toBe(false);
  expect(h.term.lines()).toContain("⊘ shell rm -rf build (3.0s, denied) · The user denied this call.");
});
