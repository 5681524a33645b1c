/**
 * End to end: /undo keeps the user's edits made after the step unless asked otherwise; `/undo --overwrite`
 * reverts them too, as `tandem undo --overwrite` does, and names the file and where the user's version is kept.
 */
import { access, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { registerE2E } from "./support/e2e.ts";

const e2e = registerE2E();

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

it("/undo --overwrite reverts a file the user changed after the step and says where their version is", {
  timeout: 90_000,
}, async () => {
  const setup = await e2e.workspace();
  setup.server.enqueue(
    {
      kind: "reply",
      toolCalls: [{ name: "shell", arguments: { command: "printf 'from tandem\\n' > made.txt" } }],
    },
    { kind: "reply", text: "Wrote made.txt." },
  );
  const e = await e2e.start(setup);
  const file = join(e.ws.cwd, "made.txt");

  await e.ui.type("/undo --force");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => s.includes('/undo takes only --overwrite (not "--force")'), 10_000, "the usage");

  await e.ui.type("write the file");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => /Approve\? shell.*made\.txt/.test(s), 20_000, "the approval");
  // y/a/n in the prompt's first 300 ms are typed as a note, not answers (approval-typing-guard).
  await new Promise((r) => setTimeout(r, 400));
  await e.ui.type("y");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => s.includes("Wrote made.txt."), 20_000, "the answer");
  // Give the checkpoint taken after the step time to land, then the user edits the file.
  await new Promise((r) => setTimeout(r, 1_000));
  await writeFile(file, "the user's edit\n");

  await e.ui.type("/undo --overwrite");
  await e.ui.keys(["Enter"]);
  const screen = await e.ui.waitFor(
    (s) => /reverted although changed after this step: made\.txt/.test(s),
    15_000,
    "the overwrite",
  );
  expect(screen).toMatch(/your versions are in checkpoint \d+/);
  expect(await exists(file)).toBe(false);
});
