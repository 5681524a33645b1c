/** End to end: `tandem` opens the UI; a typed prompt goes to the model and its answer appears. */
import { expect, it } from "vitest";
import { bodyText, registerE2E } from "./support/e2e.ts";

const e2e = registerE2E();

it("sends a typed prompt and shows the answer", { timeout: 60_000 }, async () => {
  const setup = await e2e.workspace();
  setup.server.enqueue({
    kind: "reply",
    text: "Hello from **the model**.",
    usage: { input: 2000, output: 100 },
  });
  const e = await e2e.start(setup);
  const first = e.server.requests.length;
  await e.ui.type("say hello");
  await e.ui.keys(["Enter"]);
  const screen = await e.ui.waitFor((s) => s.includes("Hello from the model."), 20_000, "the answer");
  expect(screen).toContain("› say hello");
  expect(bodyText(e, first)).toContain("say hello");
  // The status line: model, context used (2,100 of 100,000 tokens), tokens and cost.
  expect(screen).toMatch(
    /fake\/fake-model · mode: \w+ · sandbox: workspace-write · 2% context · 2\.0k in \/ 100 out · \$/,
  );
});
