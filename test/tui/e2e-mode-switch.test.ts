/**
 * End to end with the real safety gate: the UI starts in `ask` mode, the user presses Shift+Tab (tmux `BTab`,
 * `ESC [ Z`) to switch to `auto`, and the model's write command then runs without an approval prompt.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { registerE2E } from "./support/e2e.ts";

const e2e = registerE2E();

it("Shift+Tab switches ask → auto; the next write runs without asking", { timeout: 60_000 }, async () => {
  const setup = await e2e.workspace();
  setup.server.enqueue(
    { kind: "reply", toolCalls: [{ name: "shell", arguments: { command: "printf hi > out.txt" } }] },
    { kind: "reply", text: "Wrote out.txt." },
  );
  const e = await e2e.start(setup);
  expect(await e.ui.capture()).toMatch(/ · mode: ask · /);

  await e.ui.keys(["BTab"]);
  let screen = await e.ui.waitFor((s) => / · mode: auto · /.test(s), 15_000, "mode: auto in the status line");
  expect(screen).toMatch(
    /^mode: auto \(changes in the workspace run without asking; from the next tool call\)$/m,
  );
  expect(screen).toMatch(/^sandbox: bubblewrap: workspace-write in /m);

  await e.ui.type("write the file");
  await e.ui.keys(["Enter"]);
  screen = await e.ui.waitFor((s) => s.includes("Wrote out.txt."), 20_000, "the answer");
  expect(screen).not.toContain("Approve?");
  expect(screen).toMatch(/✓ shell printf hi > out\.txt/);
  expect(await readFile(join(e.ws.cwd, "out.txt"), "utf8")).toBe("hi");
});
