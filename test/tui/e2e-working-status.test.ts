/**
 * End to end in tmux: while the model thinks, the status line shows a spinner, the time the turn has run and
 * how to stop it, at 120, 80 and 40 columns. It ended with "working… (Esc to interrupt)", cut off at the
 * right edge at 80 columns, so nothing showed the model was thinking.
 */
import { expect, it } from "vitest";
import { registerE2E } from "./support/e2e.ts";

const e2e = registerE2E();

const statusRow = (screen: string) =>
  screen
    .split("\n")
    .findLast((r) => r.trim() !== "")
    ?.trimEnd() ?? "";
const seconds = (screen: string) => Number(/working (\d+)s/.exec(statusRow(screen))?.[1] ?? -1);

it("shows the working state and its elapsed time at every width", { timeout: 60_000 }, async () => {
  const setup = await e2e.workspace();
  setup.server.enqueue({ kind: "hang" });
  const e = await e2e.start(setup);
  await e.ui.type("think hard");
  await e.ui.keys(["Enter"]);
  const wide = await e.ui.waitFor((s) => seconds(s) >= 0, 20_000, "the working state");
  expect(statusRow(wide)).toMatch(
    /^\S working \d+s · Esc to interrupt · fake\/fake-model · mode: ask · sandbox: workspace-write · \$0$/,
  );
  await e.ui.resize(80, 24);
  const at80 = await e.ui.waitFor((s) => !statusRow(s).includes("sandbox"), 10_000, "the status line at 80");
  expect(statusRow(at80)).toMatch(
    /^\S working \d+s · Esc to interrupt · fake\/fake-model · mode: ask · \$0$/,
  );
  await e.ui.resize(40, 24);
  const at40 = await e.ui.waitFor((s) => !statusRow(s).includes("mode"), 10_000, "the status line at 40");
  expect(statusRow(at40)).toMatch(/^\S working \d+s · Esc to interrupt$/);
  // The clock runs while the model says nothing.
  await e.ui.waitFor((s) => seconds(s) >= 2, 10_000, "two seconds on the clock");
  await e.ui.keys(["Escape"]);
  const done = await e.ui.waitFor((s) => /^interrupted$/m.test(s) && seconds(s) === -1, 15_000, "the end");
  expect(statusRow(done)).toBe("fake/fake-model · mode: ask · $0");
});
