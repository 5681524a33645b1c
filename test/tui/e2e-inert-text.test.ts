/**
 * End to end in a real terminal (tmux): an answer holding a window-title sequence, a screen clear and a
 * bell is shown as text; the pane's title stays as it was and the prompt above the answer is not cleared.
 */
import { expect, it } from "vitest";
import { registerE2E } from "./support/e2e.ts";

const e2e = registerE2E();

it("shows escape sequences in an answer as text without obeying them", { timeout: 60_000 }, async () => {
  const setup = await e2e.workspace();
  setup.server.enqueue({ kind: "reply", text: "before \x1b]2;PWNED\x07 \x1b[2J\x1b[H after" });
  const e = await e2e.start(setup);
  const title = await e.ui.format("#{pane_title}");
  await e.ui.type("say something odd");
  await e.ui.keys(["Enter"]);
  const screen = await e.ui.waitFor((s) => s.includes("after"), 20_000, "the answer");
  expect(screen).toContain("before ^[]2;PWNED^G ^[[2J^[[H after");
  expect(screen).toContain("› say something odd");
  expect(await e.ui.format("#{pane_title}")).toBe(title);
  expect(title).not.toContain("PWNED");
});
