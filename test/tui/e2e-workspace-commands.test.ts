/**
 * End to end: after the model writes a file through the shell tool (approved with y), /diff shows the added
 * line, /checkpoints lists the checkpoint taken before the call, /undo removes the file, and /mode shows the
 * permission mode and sandbox.
 */
import { access, readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { registerE2E } from "./support/e2e.ts";

const e2e = registerE2E();

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

it("shows the session's diff and checkpoints, undoes the write, shows the mode", {
  timeout: 90_000,
}, async () => {
  const setup = await e2e.workspace();
  setup.server.enqueue(
    {
      kind: "reply",
      toolCalls: [{ name: "shell", arguments: { command: "printf 'hello from tandem\\n' > made.txt" } }],
    },
    { kind: "reply", text: "Wrote made.txt." },
  );
  const e = await e2e.start(setup);
  const file = join(e.ws.cwd, "made.txt");

  // Nothing happened yet in this session.
  await e.ui.type("/diff");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => s.includes("no changes recorded in this session"), 10_000, "the empty diff");

  await e.ui.type("write the file");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => /Approve\? shell.*made\.txt/.test(s), 20_000, "the approval");
  // The turn is running (waiting for approval): /undo refuses rather than racing the agent.
  await e.ui.type("/undo");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => s.includes("a turn is running: interrupt first (Esc)"), 10_000, "the refusal");
  // y/a/n in the prompt's first 300 ms are typed as a note, not answers (approval-typing-guard).
  await new Promise((r) => setTimeout(r, 400));
  await e.ui.type("y");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => s.includes("Wrote made.txt."), 20_000, "the answer");
  expect(await readFile(file, "utf8")).toBe("hello from tandem\n");

  await e.ui.type("/diff");
  await e.ui.keys(["Enter"]);
  let screen = await e.ui.waitFor((s) => /^\+hello from tandem$/m.test(s), 10_000, "the diff");
  expect(screen).toMatch(/^changes since checkpoint \d+ .*: 1 file\(s\)$/m);
  expect(screen).toMatch(/^\+\+\+ b\/made\.txt$/m);

  await e.ui.type("/checkpoints");
  await e.ui.keys(["Enter"]);
  screen = await e.ui.waitFor(
    (s) => /^ +\d+ {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}step +\d+ files {2}shell: printf /m.test(s),
    10_000,
    "the checkpoint list",
  );
  expect(screen).toContain("go back to one with: tandem checkpoints restore N");

  await e.ui.type("/undo");
  await e.ui.keys(["Enter"]);
  screen = await e.ui.waitFor(
    (s) => /^undid "shell: .*made\.txt.*": restored checkpoint \d+/m.test(s),
    15_000,
    "undo",
  );
  expect(screen).toMatch(/redo \(workspace files\) with: tandem checkpoints restore \d+/);
  await until(async () => !(await exists(file)), 5_000, "made.txt to be removed");

  await e.ui.type("/mode");
  await e.ui.keys(["Enter"]);
  screen = await e.ui.waitFor((s) => /^mode: ask$/m.test(s), 10_000, "the mode");
  expect(screen).toMatch(/^sandbox: \S+/m);
});
