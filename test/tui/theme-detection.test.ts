/**
 * Which background the UI colours for: TANDEM_THEME, then config.toml's `theme` (read from a real file),
 * then COLORFGBG, then the terminal's OSC 11 reply, else dark; and the OSC 11 reply forms.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import {
  backgroundQueryWanted,
  detectTerminalTheme,
  detectTheme,
  themeFromBackgroundReply,
  themeFromColorFgBg,
} from "../../src/tui/theme.ts";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

it("takes TANDEM_THEME over config, config over COLORFGBG, COLORFGBG over the terminal, else dark", async () => {
  const asked: string[] = [];
  const query = async () => {
    asked.push("terminal");
    return "light" as const;
  };
  const config = async () => "dark" as const;
  expect(
    await detectTheme({ env: { TANDEM_THEME: "light", COLORFGBG: "15;0" }, configTheme: config, query }),
  ).toEqual({ theme: "light", source: "TANDEM_THEME" });
  expect(await detectTheme({ env: { COLORFGBG: "0;15" }, configTheme: config, query })).toEqual({
    theme: "dark",
    source: "config",
  });
  // `auto` in config and an unknown TANDEM_THEME defer to the next step.
  expect(
    await detectTheme({
      env: { TANDEM_THEME: "blue", COLORFGBG: "0;15" },
      configTheme: async () => "auto",
      query,
    }),
  ).toEqual({ theme: "light", source: "COLORFGBG" });
  expect(asked).toEqual([]);
  expect(await detectTheme({ env: {}, configTheme: async () => "auto", query })).toEqual({
    theme: "light",
    source: "terminal",
  });
  expect(await detectTheme({ env: {}, query: async () => undefined })).toEqual({
    theme: "dark",
    source: "default",
  });
  expect(await detectTheme({ env: {} })).toEqual({ theme: "dark", source: "default" });
  // A failing step falls through.
  expect(
    await detectTheme({ env: {}, configTheme: () => Promise.reject(new Error("bad toml")), query }),
  ).toEqual({ theme: "light", source: "terminal" });
});

it("reads COLORFGBG's background: 7 and 15 light, 0-6 and 8 dark, anything else unknown", () => {
  expect(themeFromColorFgBg("0;15")).toBe("light");
  expect(themeFromColorFgBg("0;7")).toBe("light");
  expect(themeFromColorFgBg("15;default;0")).toBe("dark");
  for (const bg of [0, 1, 4, 6, 8]) expect(themeFromColorFgBg(`15;${bg}`)).toBe("dark");
  for (const value of ["15;9", "15;12", "default", "", undefined])
    expect(themeFromColorFgBg(value)).toBeUndefined();
});

it("parses OSC 11 replies with 4 and 2 hex digits, BEL or ST, and rgba", () => {
  expect(themeFromBackgroundReply("\x1b]11;rgb:ffff/ffff/ffff\x07")).toBe("light");
  expect(themeFromBackgroundReply("\x1b]11;rgb:0000/0000/0000\x1b\\")).toBe("dark");
  expect(themeFromBackgroundReply("\x1b]11;rgb:fd/f6/e3\x07")).toBe("light"); // Solarized light
  expect(themeFromBackgroundReply("\x1b]11;rgb:00/2b/36\x1b\\")).toBe("dark"); // Solarized dark
  expect(themeFromBackgroundReply("\x1b]11;rgb:c0c0/c0c0/c0c0\x07")).toBe("light"); // tmux's "white"
  // The line is luminance 0.5: 7f7f is just under it, 8181 just over.
  expect(themeFromBackgroundReply("\x1b]11;rgb:7f7f/7f7f/7f7f\x07")).toBe("dark");
  expect(themeFromBackgroundReply("\x1b]11;rgb:8181/8181/8181\x07")).toBe("light");
  expect(themeFromBackgroundReply("\x1b]11;rgba:ffff/ffff/ffff/c000\x07")).toBe("light");
  // Green weighs most: pure green is light, pure blue dark.
  expect(themeFromBackgroundReply("\x1b]11;rgb:00/ff/00\x07")).toBe("light");
  expect(themeFromBackgroundReply("\x1b]11;rgb:00/00/ff\x07")).toBe("dark");
  for (const other of [
    "\x1b]10;rgb:ffff/ffff/ffff\x07",
    "\x1b]11;rgb:ffff/ffff\x07",
    "\x1b]11;?\x07",
    "rgb:ff/ff/ff",
  ])
    expect(themeFromBackgroundReply(other)).toBeUndefined();
});

it("asks only a terminal, and not a tmux older than 3.3", () => {
  expect(backgroundQueryWanted({}, true, true)).toBe(true);
  expect(backgroundQueryWanted({}, false, true)).toBe(false);
  expect(backgroundQueryWanted({}, true, false)).toBe(false);
  const tmux = (version: string) => ({
    TMUX: "/tmp/tmux-0/default,1,0",
    TERM_PROGRAM: "tmux",
    TERM_PROGRAM_VERSION: version,
  });
  expect(backgroundQueryWanted(tmux("3.3a"), true, true)).toBe(true);
  expect(backgroundQueryWanted(tmux("3.4"), true, true)).toBe(true);
  expect(backgroundQueryWanted(tmux("3.2a"), true, true)).toBe(false);
  expect(backgroundQueryWanted(tmux("2.9"), true, true)).toBe(false);
});

it("reads `theme` from config.toml, and skips the query when stdin is not a terminal", async () => {
  const home = await mkdtemp(join(tmpdir(), "tandem-theme-"));
  dirs.push(home);
  // Vitest's stdin and stdout are not terminals, so without config the theme is the default.
  const options = { env: {}, home, cwd: home };
  expect(await detectTerminalTheme(options)).toEqual({ theme: "dark", source: "default" });
  await writeFile(join(home, "config.toml"), 'theme = "light"\n');
  expect(await detectTerminalTheme(options)).toEqual({ theme: "light", source: "config" });
  await writeFile(join(home, "config.toml"), 'theme = "auto"\n');
  expect(await detectTerminalTheme({ ...options, env: { COLORFGBG: "0;15" } })).toEqual({
    theme: "light",
    source: "COLORFGBG",
  });
  // A config with errors is the session's to report; the theme falls through.
  await writeFile(join(home, "config.toml"), 'theme = "sepia"\n');
  expect(await detectTerminalTheme(options)).toEqual({ theme: "dark", source: "default" });
});
