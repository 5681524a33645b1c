/**
 * End to end: a message typed while a shell command runs is a steer. It joins the next model request
 * together with the command's output: the command was not killed.
 */
import { expect, it } from "vitest";
import { bodyText, registerE2E } from "./support/e2e.ts";

const e2e = registerE2E();

it("steers during a running command without stopping it", { timeout: 60_000 }, async () => {
  const setup = await e2e.workspace();
  setup.server.enqueue(
    { kind: "reply", toolCalls: [{ name: "shell", arguments: { command: "sleep 2; echo done-sleeping" } }] },
    { kind: "reply", text: "Noted the steer." },
  );
  const e = await e2e.start(setup);
  const first = e.server.requests.length;
  await e.ui.type("run the slow command");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => s.includes("… shell sleep 2; echo done-sleeping"), 20_000, "the running command");
  await e.ui.type("also mention the weather");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor(
    (s) => s.includes("(queued steer) also mention the weather"),
    10_000,
    "the queued steer",
  );

  const screen = await e.ui.waitFor((s) => s.includes("Noted the steer."), 20_000, "the answer");
  const next = bodyText(e, first + 1);
  expect(next).toContain("also mention the weather");
  expect(next).toContain("done-sleeping");
  expect(screen).toMatch(/✓ shell sleep 2; echo done-sleeping \(2\.\ds\)/);
  expect(screen).toContain("› (steer) also mention the weather");
  expect(screen).not.toContain("queued steer");
});
