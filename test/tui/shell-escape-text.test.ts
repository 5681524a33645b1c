/**
 * What a finished `!command` shows and tells the model, from real runs: the transcript keeps the last 200
 * lines with a note, the model's block keeps head and tail within 8 KB, control characters show as text.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { runUserShell } from "../../src/app/user-shell.ts";
import { shellContextBlock } from "../../src/app/user-shell-context.ts";
import { liveShellRows, shellTranscriptLines } from "../../src/tui/shell-escape-text.ts";
import { createStyle } from "../../src/tui/style.ts";
import { stripAnsi } from "../../src/tui/text-width.ts";

const cwd = mkdtempSync(join(tmpdir(), "tandem-bang-text-"));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));
const plain = createStyle(false);
const run = (command: string) => runUserShell({ command, cwd }).done;
/** Transcript lines without bold and dim (colour is already off). */
const transcript = (r: Parameters<typeof shellTranscriptLines>[0]) =>
  shellTranscriptLines(r, plain).map(stripAnsi);

it("shows a short output whole, then how it ended", async () => {
  const lines = transcript(await run("printf 'one\\ntwo\\n'; exit 2"));
  expect(lines[1]).toBe("! printf 'one\\ntwo\\n'; exit 2");
  expect(lines.slice(2, 4)).toEqual(["one", "two"]);
  expect(lines[4]).toMatch(/^exit 2 · \d+ms$/);
});

it("keeps the last 200 lines in the transcript and says how many are not shown", async () => {
  const lines = transcript(await run("seq 1 250; printf 'no newline'"));
  expect(lines[2]).toBe("… 51 earlier lines not shown");
  expect(lines[3]).toBe("52");
  expect(lines.at(-2)).toBe("no newline");
  expect(lines.length).toBe(2 + 1 + 200 + 1);
});

it("shows control characters as text, not as terminal commands", async () => {
  const lines = transcript(await run("printf 'a\\033[2Jb\\r\\n'"));
  expect(lines[2]).toBe("a^[[2Jb");
});

it("gives the model the command, how it ended and the output capped to head and tail", async () => {
  const small = shellContextBlock(await run("echo hi"));
  expect(small).toBe("I ran `echo hi` in my terminal (exit 0):\n```\nhi\n```");

  const big = shellContextBlock(await run("seq 1 100000"));
  expect(Buffer.byteLength(big)).toBeLessThan(8_192 + 200);
  expect(big).toContain("\n1\n2\n3\n");
  expect(big).toContain("\n99999\n100000\n```");
  expect(big).toMatch(/\[… \d+ lines \(\d+ bytes\) omitted …\]/);
});

it("says when it was stopped or could not run, and shows no output as such", async () => {
  const r = runUserShell({ command: "sleep 20", cwd });
  await new Promise((resolve) => setTimeout(resolve, 100));
  r.kill();
  const stopped = await r.done;
  expect(shellContextBlock(stopped)).toBe(
    "I ran `sleep 20` in my terminal (stopped by you):\n```\n(no output)\n```",
  );
  expect(transcript(stopped).at(-1)).toMatch(/^stopped by you · /);
  const missing = await runUserShell({ command: "ls", cwd: join(cwd, "nope") }).done;
  expect(transcript(missing).at(-1)).toMatch(/^not run: the folder .* \(ENOENT\) · /);
});

it("shows a running command with its elapsed time and last five non-empty lines, the command cut to fit", () => {
  const live = { command: "make all", startedAt: 1_000, recent: "a\nb\n\nc\nd\ne\nf\x1b[0m\n" };
  const rows = liveShellRows(live, 80, 3_500, plain).map(stripAnsi);
  expect(rows).toEqual(["! make all (2.5s · Esc to stop)", "  b", "  c", "  d", "  e", "  f^[[0m"]);
  const long = liveShellRows({ ...live, command: "x".repeat(100) }, 60, 3_500, plain).map(stripAnsi);
  expect(long[0]).toBe(`! ${"x".repeat(26)}… (2.5s · Esc to stop)`);
});

it("redacts the values of secret-named variables from what the model gets", async () => {
  const env = {
    ...process.env,
    OPENAI_API_KEY: "sk-test-1234567890",
    MY_SERVICE_TOKEN: "tok-abcdefgh",
    SHORT_TOKEN: "abc",
    DATABASE_URL: "postgres://app:pg-pass-1@db/app",
  };
  const r = await runUserShell({
    command:
      "echo key=$OPENAI_API_KEY tok=$MY_SERVICE_TOKEN short=$SHORT_TOKEN; echo sk-test-1234567890; echo $DATABASE_URL",
    cwd,
    env,
  }).done;
  const block = shellContextBlock(r, { env });
  expect(block).toContain(
    "key=[$OPENAI_API_KEY] tok=[$MY_SERVICE_TOKEN] short=abc\n[$OPENAI_API_KEY]\n[$DATABASE_URL]\n",
  );
  expect(block).not.toContain("pg-pass-1");
  expect(block).not.toContain("sk-test-1234567890");
  expect(block).not.toContain("tok-abcdefgh");
});
