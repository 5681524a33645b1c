/**
 * End to end with the real safety gate (the UI runs in `ask` mode): a command that writes asks first.
 * `y` + Enter runs it; a typed note and Enter denies the next one and the note reaches the model.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { bodyText, registerE2E } from "./support/e2e.ts";

const e2e = registerE2E();

it("asks before a write, runs it on y + Enter, denies with a typed note", { timeout: 60_000 }, async () => {
  const setup = await e2e.workspace();
  setup.server.enqueue(
    { kind: "reply", toolCalls: [{ name: "shell", arguments: { command: "printf hi > out.txt" } }] },
    { kind: "reply", toolCalls: [{ name: "shell", arguments: { command: "printf bye > other.txt" } }] },
    { kind: "reply", text: "Understood." },
  );
  const e = await e2e.start(setup);
  expect(await e.ui.capture()).toMatch(/ · mode: ask · /);
  const first = e.server.requests.length;
  await e.ui.type("write the files");
  await e.ui.keys(["Enter"]);
  let screen = await e.ui.waitFor(
    (s) => /Approve\? shell.*printf hi > out\.txt/.test(s),
    20_000,
    "the first approval",
  );
  expect(screen).toMatch(/y yes · a always · n no, then Enter/);
  // y/a/n in the prompt's first 300 ms are typed as a note, not answers (approval-typing-guard).
  await new Promise((r) => setTimeout(r, 400));
  await e.ui.type("y");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor(
    (s) => /Approve\? shell.*printf bye > other\.txt/.test(s),
    20_000,
    "the second approval",
  );
  expect(await readFile(join(e.ws.cwd, "out.txt"), "utf8")).toBe("hi");
  await e.ui.type("use a different name");
  await e.ui.keys(["Enter"]);
  screen = await e.ui.waitFor((s) => s.includes("Understood."), 20_000, "the answer");
  expect(screen).toMatch(/✓ shell printf hi > out\.txt/);
  expect(screen).toMatch(/⊘ shell printf bye > other\.txt .*denied/);
  expect(bodyText(e, first + 2)).toContain("use a different name");
  await expect(readFile(join(e.ws.cwd, "other.txt"), "utf8")).rejects.toThrow();
});
