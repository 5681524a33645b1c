/**
 * Starts the terminal-background detection (theme.ts) as early as the UI's start allows: `tandem` calls it
 * before loading the UI's modules, so the terminal's answer, or the wait for one (150 ms when a terminal
 * does not answer at all), overlaps that loading and the session's opening instead of following them
 * (bench/tui-start.ts). Light: style.ts and theme.ts, which load nothing else before the query goes out.
 */
import { resolve } from "node:path";
import { colorWanted } from "./style.ts";
import { type DetectedTheme, detectTerminalTheme } from "./theme.ts";

/** Undefined when the UI will not use colour (NO_COLOR), so nothing is asked. `cwd` defaults to the process's. */
export function startThemeDetection(
  env: NodeJS.ProcessEnv,
  cwd?: string,
): Promise<DetectedTheme> | undefined {
  if (!colorWanted(env, true)) return undefined;
  return detectTerminalTheme({ env, cwd: cwd ? resolve(cwd) : process.cwd() });
}
