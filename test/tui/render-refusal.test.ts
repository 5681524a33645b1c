/**
 * Issue 10: "A refused call shows only "(denied)". Show the reason and the way to allow it (a rule in
 * rules.toml, --mode)". `tandem exec` prints both under the call; the UI showed only the reason's first line
 * beside the call, the ways to allow it one Ctrl+O away. It now shows what exec shows: the whole reason and
 * every way to allow the call, the rule written out, in the transcript under the call's line.
 */
import { afterEach, expect, it } from "vitest";
import { createHarness, type Harness } from "./support/screen-harness.ts";

let h: Harness | undefined;
afterEach(() => h?.term.dispose());

const refusal = {
  reason:
    "`python3 run_tests.py` is unknown and needs approval in auto mode, but nobody is present to approve it.\nNothing was run.",
  how_to_allow: [
    'allow it with a rule in /home/me/.tandem/rules.toml:\n[[rules]]\ntool = "shell"\ncommand = "python3 run_tests.py*"\naction = "allow"',
    "run the session with `--mode full` (no sandbox and no questions)",
  ],
};

it("shows a refused call's whole reason and every way to allow it under the call", async () => {
  h = createHarness({ cols: 80, rows: 30 });
  await h.feed(
    { type: "turn_started", turn_id: "t1" },
    {
      type: "tool_call_started",
      turn_id: "t1",
      call_id: "c1",
      tool: "shell",
      kind: "execute",
      arguments: { command: "python3 run_tests.py" },
    },
    {
      type: "tool_call_finished",
      turn_id: "t1",
      call_id: "c1",
      tool: "shell",
      kind: "execute",
      status: "denied",
      content: `denied: ${refusal.reason}`,
      refusal,
      duration_ms: 3,
    },
    { type: "turn_finished", turn_id: "t1", status: "done", steps: 1, refused: 1 },
  );
  const lines = h.term.lines();
  const at = lines.indexOf("⊘ shell python3 run_tests.py (3ms, denied)");
  expect(at, lines.join("\n")).toBeGreaterThan(-1);
  expect(lines.slice(at + 1, at + 12)).toEqual([
    "  refused: `python3 run_tests.py` is unknown and needs approval in auto mode,",
    "but nobody is present to approve it.",
    "    Nothing was run.",
    "  how to allow it:",
    "    - allow it with a rule in /home/me/.tandem/rules.toml:",
    "      [[rules]]",
    '      tool = "shell"',
    '      command = "python3 run_tests.py*"',
    '      action = "allow"',
    "    - run the session with `--mode full` (no sandbox and no questions)",
    "",
  ]);
});

it("keeps a call the user denied (no refusal) on one line with its reason", async () => {
  h = createHarness({ cols: 80, rows: 20 });
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
      type: "tool_call_finished",
      turn_id: "t1",
      call_id: "c1",
      tool: "shell",
      kind: "execute",
      status: "denied",
      content: "The user denied this call.",
      duration_ms: 3000,
    },
  );
  expect(h.term.lines().filter((l) => l.includes("shell"))).toEqual([
    "⊘ shell rm -rf build (3.0s, denied) · The user denied this call.",
  ]);
  expect(h.text()).not.toContain("how to allow");
});
