/** End to end: /model switches the model (typed, or picked from the list /model alone opens); the next request goes to the other model. */
import { expect, it } from "vitest";
import { OTHER_MODEL, registerE2E } from "./support/e2e.ts";

const e2e = registerE2E();

it("sends the next request to the model chosen with /model", { timeout: 60_000 }, async () => {
  const setup = await e2e.workspace(OTHER_MODEL);
  setup.server.enqueue({ kind: "reply", text: "Answered by the other one." });
  const e = await e2e.start(setup);
  const first = e.server.requests.length;
  await e.ui.type("/model fake/other-model");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => s.includes("model: fake/other-model"), 15_000, "the model change");
  await e.ui.type("who are you?");
  await e.ui.keys(["Enter"]);
  const screen = await e.ui.waitFor((s) => s.includes("Answered by the other one."), 20_000, "the answer");
  expect(e.server.requests[first]?.body.model).toBe("other-model");
  expect(screen).toMatch(/^fake\/other-model · /m);
});

it("/model alone opens a picker of the catalog; a pick switches as typing it does", {
  timeout: 60_000,
}, async () => {
  const setup = await e2e.workspace(OTHER_MODEL);
  setup.server.enqueue({ kind: "reply", text: "Picked and answered." });
  const e = await e2e.start(setup);
  const first = e.server.requests.length;
  await e.ui.type("/model");
  await e.ui.keys(["Enter"]);
  let screen = await e.ui.waitFor((s) => s.includes("Switch model"), 15_000, "the model picker");
  // The current model is marked; a provider whose key is not set says which variable it needs.
  expect(screen).toMatch(/fake\/fake-model .*\(current\)/);
  expect(screen).toMatch(/openai\/\S+ .*needs OPENAI_API_KEY/);
  await e.ui.type("other");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => s.includes("model: fake/other-model"), 15_000, "the model change");
  await e.ui.type("and now?");
  await e.ui.keys(["Enter"]);
  screen = await e.ui.waitFor((s) => s.includes("Picked and answered."), 20_000, "the answer");
  expect(e.server.requests[first]?.body.model).toBe("other-model");
  expect(screen).toMatch(/^fake\/other-model · /m);
});
