/**
 * End to end: in the UI, an answer cut at the output limit shows a warning while the model continues, and a
 * server that stops talking shows the retry with its reason and then the error (the UI used to wait 300 s per
 * attempt showing nothing but "working").
 */
import { expect, it } from "vitest";
import { registerE2E } from "./support/e2e.ts";

const e2e = registerE2E();

it("shows an answer cut at the output limit, then the continuation", { timeout: 60_000 }, async () => {
  const setup = await e2e.workspace();
  setup.server.enqueue(
    { kind: "reply", text: "The first half", stopReason: "length" },
    { kind: "reply", text: "and the rest." },
  );
  const e = await e2e.start(setup);
  await e.ui.type("write a long answer");
  await e.ui.keys(["Enter"]);
  const screen = await e.ui.waitFor((s) => s.includes("and the rest."), 20_000, "the continuation");
  expect(screen.replace(/\s+/g, " ")).toContain(
    "the answer was cut at the model's output limit (4096 tokens); asking the model to continue (1 of 3)",
  );
});

it("shows a stalled server's retry with the reason, then the error", { timeout: 60_000 }, async () => {
  const setup = await e2e.workspace("[timeouts]\nfirst_byte_seconds = 1\n[retry]\nmax_retries = 1");
  setup.server.enqueue({ kind: "hang" }, { kind: "hang" });
  const e = await e2e.start(setup);
  await e.ui.type("hello");
  await e.ui.keys(["Enter"]);
  const screen = await e.ui.waitFor((s) => s.includes("failed after 1 retry"), 20_000, "the error");
  const flat = screen.replace(/\s+/g, " ");
  expect(flat).toMatch(/retrying in .* \(attempt 1\): no response from fake/);
  expect(flat).toContain("in 1 s (timeouts.first_byte_seconds)");
});
