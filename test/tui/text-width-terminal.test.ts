/**
 * The widths the UI lays rows out with are the widths a real terminal draws: each character is printed in a
 * real tmux pane and the cursor column read back. Wide symbols models use a lot (✅ ❌ ⭐ ✨ ⏳) were counted
 * as one cell: a row holding one overflowed, wrapped, and the live part was redrawn a row off.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { visibleWidth } from "../../src/tui/text-width.ts";

const run = promisify(execFile);
const socket = `tandem-width-${process.pid}-${randomBytes(4).toString("hex")}`;
const tmux = async (...args: string[]) =>
  (
    await run("tmux", ["-L", socket, "-f", "/dev/null", ...args], {
      env: { PATH: process.env.PATH, LANG: "C.UTF-8", TERM: "xterm-256color" },
    })
  ).stdout;

beforeAll(async () => {
  // cat in raw mode writes back exactly what is typed: the pane shows it, tmux tracks the cursor.
  await tmux("new-session", "-d", "-x", "40", "-y", "5", "sh -c 'stty raw -echo; exec cat'");
});
afterAll(async () => {
  await tmux("kill-server").catch(() => undefined);
});

/** Cells the terminal advanced for `text`, read after a `#` marker shows on screen. */
async function terminalWidth(text: string): Promise<number> {
  await tmux("send-keys", "-l", `\r\x1b[K${text}#`);
  for (let i = 0; i < 100; i++) {
    const row = (await tmux("capture-pane", "-p")).split("\n")[0] ?? "";
    if (row.startsWith(text) && row.includes("#")) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return Number((await tmux("display-message", "-p", "#{cursor_x}")).trim()) - 1;
}

it("counts the cells tmux draws for wide symbols, emoji, CJK and narrow marks", async () => {
  const samples = [
    "✅",
    "❌",
    "⭐",
    "✨",
    "⏳",
    "⚡",
    "❓",
    "➕",
    "🀄",
    "🆎",
    "🈁",
    "😀",
    "🤖",
    "日",
    "한",
    "ｱ",
    "x",
    "✓",
    "⚠",
    "☐",
    "◐",
    "…",
    "─",
    "é",
  ];
  const got: Record<string, [number, number]> = {};
  for (const c of samples) got[c] = [visibleWidth(c), await terminalWidth(c)];
  const differ = Object.entries(got).filter(([, [ours, theirs]]) => ours !== theirs);
  expect(differ).toEqual([]);
}, 30_000);
