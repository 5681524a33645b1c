/**
 * End to end: in the real `tandem` under tmux, Ctrl+O reaches the app (raw mode passes ^O through) and
 * prints the shell call's output, which the transcript showed only as one line.
 */
import { expect, it } from "vitest";
import { registerE2E } from "./support/e2e.ts";

const e2e = registerE2E();

it("Ctrl+O prints a shell call's output in full", { timeout: 60_000 }, async () => {
  const setup = await e2e.workspace();
  setup.server.enqueue(
    {
      kind: "reply",
      toolCalls: [{ name: "shell", arguments: { command: "printf 'gamma-1\\ngamma-2\\n'" } }],
    },
    { kind: "reply", text: "Printed two lines." },
  );
  const e = await e2e.start(setup);
  await e.ui.type("print them");
  await e.ui.keys(["Enter"]);
  const before = await e.ui.waitFor((s) => s.includes("Printed two lines."), 20_000, "the answer");
  expect(before).toMatch(/✓ shell printf 'gamma-1/);
  expect(before).not.toContain("│ gamma-2");
  await e.ui.keys(["C-o"]);
  const after = await e.ui.waitFor((s) => s.includes("│ gamma-2"), 10_000, "the expanded output");
  expect(after).toContain("┌ shell printf 'gamma-1");
  expect(after).toContain("│ gamma-1");
  expect(after).toContain("│ [exit code 0]");
});
