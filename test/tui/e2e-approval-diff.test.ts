/**
 * Approving a file change is not blind: the prompt shows the change (the tool's preview, computed without
 * writing), capped with "… N more lines", and Ctrl+O prints the whole diff. The real `tandem` in tmux at 80
 * columns, the real safety gate in `ask` mode, the real edit and write tools.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { exitUi, registerE2E } from "./support/e2e.ts";

const e2e = registerE2E();

const numbered = (from: number, to: number, word: string) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${word} ${from + i}`).join("\n");

it("shows an edit's diff capped, all of it on Ctrl+O, and a new file's head", {
  timeout: 90_000,
}, async () => {
  const setup = await e2e.workspace();
  const original = `${numbered(1, 40, "line")}\n`;
  await writeFile(join(setup.ws.cwd, "notes.txt"), original);
  setup.server.enqueue(
    { kind: "reply", toolCalls: [{ name: "read", arguments: { path: "notes.txt" } }] },
    {
      kind: "reply",
      toolCalls: [
        {
          name: "edit",
          arguments: {
            path: "notes.txt",
            old_string: numbered(5, 34, "line"),
            new_string: numbered(5, 34, "LINE"),
          },
        },
      ],
    },
    {
      kind: "reply",
      toolCalls: [{ name: "write", arguments: { path: "fresh.txt", content: "alpha\nbeta\ngamma\n" } }],
    },
    { kind: "reply", text: "Both done." },
  );
  const e = await e2e.start(setup);
  await e.ui.resize(80, 40);
  await e.ui.type("uppercase the middle");
  await e.ui.keys(["Enter"]);
  let screen = await e.ui.waitFor((s) => /Approve\? edit/.test(s), 20_000, "the edit's approval");
  // The changed lines, numbered (the old file's for removed lines), and the cap with the key.
  expect(screen).toMatch(/^ {2} 5 -line 5$/m);
  expect(screen).toMatch(/… \d+ more lines · Ctrl\+O shows the whole diff/);
  expect(screen).not.toMatch(/\+LINE 34/);
  // The preview wrote nothing.
  expect(await readFile(join(e.ws.cwd, "notes.txt"), "utf8")).toBe(original);

  await e.ui.keys(["C-o"]);
  screen = await e.ui.waitFor((s) => /\+LINE 34/.test(s), 10_000, "the whole diff");
  expect(screen).toMatch(/┌ edit notes\.txt.*asked for approval/);
  expect(screen).toMatch(/│ {2}34 \+LINE 34/);
  // Still waiting for the answer.
  expect(screen).toMatch(/Approve\? edit/);

  await new Promise((r) => setTimeout(r, 400));
  await e.ui.type("y");
  await e.ui.keys(["Enter"]);
  screen = await e.ui.waitFor((s) => /Approve\? write/.test(s), 20_000, "the write's approval");
  expect(await readFile(join(e.ws.cwd, "notes.txt"), "utf8")).toContain("LINE 34");
  // A new file: its head, as added lines, and nothing created yet.
  expect(screen).toMatch(/^ {2}1 \+alpha$/m);
  expect(screen).toMatch(/^ {2}3 \+gamma$/m);
  await expect(readFile(join(e.ws.cwd, "fresh.txt"), "utf8")).rejects.toThrow();
  await new Promise((r) => setTimeout(r, 400));
  await e.ui.type("y");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => s.includes("Both done."), 20_000, "the answer");
  expect(await readFile(join(e.ws.cwd, "fresh.txt"), "utf8")).toBe("alpha\nbeta\ngamma\n");
  await exitUi(e);
});
