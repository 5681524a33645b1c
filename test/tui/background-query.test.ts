/**
 * The OSC 11 background query against a real terminal emulator (headless xterm.js): one that answers it
 * (an OSC 11 handler reporting its background, as terminals that support the query do, with BEL or ST), one
 * that answers only DA1 (xterm.js headless as it ships), and one that answers nothing (the timeout).
 * Keys typed while waiting are handed back, replies are not.
 */
import xterm from "@xterm/headless";
import { afterEach, expect, it } from "vitest";
import { type BackgroundQueryIO, detectTheme, queryBackground } from "../../src/tui/theme.ts";

const terms: xterm.Terminal[] = [];
afterEach(() => {
  for (const t of terms.splice(0)) t.dispose();
});

/** A headless terminal; with `background` it answers OSC 11 queries the way xterm does. */
function terminal(background?: { rgb: string; end: string }) {
  const term = new xterm.Terminal({ cols: 80, rows: 10, allowProposedApi: true });
  terms.push(term);
  if (background) {
    term.parser.registerOscHandler(11, (data) => {
      if (data === "?") term.input(`\x1b]11;${background.rgb}${background.end}`, false);
      return true;
    });
  }
  const kept: string[] = [];
  const io: BackgroundQueryIO = {
    write: (data) => term.write(data),
    onData: (listener) => {
      const d = term.onData(listener);
      return () => d.dispose();
    },
    keep: (input) => kept.push(input),
  };
  return { term, io, kept };
}

it("reads a light or dark background from the terminal's reply (BEL and ST endings)", async () => {
  expect(await queryBackground(terminal({ rgb: "rgb:ffff/ffff/ffff", end: "\x07" }).io)).toBe("light");
  expect(await queryBackground(terminal({ rgb: "rgb:1e1e/1e1e/2e2e", end: "\x1b\\" }).io)).toBe("dark");
  expect(await queryBackground(terminal({ rgb: "rgb:fd/f6/e3", end: "\x1b\\" }).io)).toBe("light");
});

it("stops at the DA1 reply when the terminal does not answer OSC 11, well before the timeout", async () => {
  const { io } = terminal();
  const started = Date.now();
  expect(await queryBackground({ ...io, timeoutMs: 5_000 })).toBeUndefined();
  expect(Date.now() - started).toBeLessThan(1_000);
});

it("gives up after the timeout when nothing answers", async () => {
  const written: string[] = [];
  const started = Date.now();
  const theme = await queryBackground({
    write: (data) => written.push(data),
    onData: () => () => undefined,
    timeoutMs: 150,
  });
  const waited = Date.now() - started;
  expect(theme).toBeUndefined();
  expect(written).toEqual(["\x1b]11;?\x07\x1b[c"]);
  expect(waited).toBeGreaterThanOrEqual(140);
  expect(waited).toBeLessThan(1_000);
  // Detection then falls back to dark.
  const silent = { write: () => undefined, onData: () => () => undefined, timeoutMs: 50 };
  expect(await detectTheme({ env: {}, query: () => queryBackground(silent) })).toEqual({
    theme: "dark",
    source: "default",
  });
});

it("hands back keys typed while waiting, without the reply", async () => {
  const { term, io, kept } = terminal({ rgb: "rgb:ffff/ffff/ffff", end: "\x07" });
  const theme = queryBackground(io);
  // Typed before the terminal has parsed the query (it parses writes later), so it arrives before the reply.
  term.input("ls", true);
  expect(await theme).toBe("light");
  expect(kept).toEqual(["ls"]);
});
