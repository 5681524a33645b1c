/**
 * Terminal styling. With `color` false (NO_COLOR set, or not a terminal) colours are dropped; bold, italic,
 * underline, dim and inverse stay, since they are not colour and keep the transcript readable.
 *
 * Two palettes (`theme.ts` decides which): on a dark background the 16 basic colours, so the user's
 * terminal scheme applies; on a light one fixed darker 256-colour shades, since basic yellow, cyan and
 * green are barely readable on white in many schemes.
 */
import type { Theme } from "./theme.ts";

export interface Style {
  color: boolean;
  /** The background the colours are chosen for (code highlighting picks its palette by it). */
  theme: Theme;
  bold(s: string): string;
  dim(s: string): string;
  italic(s: string): string;
  underline(s: string): string;
  inverse(s: string): string;
  strike(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  magenta(s: string): string;
  cyan(s: string): string;
}

type ColorName = "red" | "green" | "yellow" | "blue" | "magenta" | "cyan";

/** SGR parameters per colour and background. Light: 124 dark red, 28 green, 130 brown-orange, 25 blue, 90 purple, 30 teal. */
export const PALETTES: Record<Theme, Record<ColorName, string>> = {
  dark: { red: "31", green: "32", yellow: "33", blue: "34", magenta: "35", cyan: "36" },
  light: {
    red: "38;5;124",
    green: "38;5;28",
    yellow: "38;5;130",
    blue: "38;5;25",
    magenta: "38;5;90",
    cyan: "38;5;30",
  },
};

const wrap = (open: number | string, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
const plain = (s: string) => s;

/** `theme` default dark. */
export function createStyle(color: boolean, theme: Theme = "dark"): Style {
  const palette = PALETTES[theme];
  const c = (name: ColorName) => (color ? wrap(palette[name], 39) : plain);
  return {
    color,
    theme,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    italic: wrap(3, 23),
    underline: wrap(4, 24),
    inverse: wrap(7, 27),
    strike: wrap(9, 29),
    red: c("red"),
    green: c("green"),
    yellow: c("yellow"),
    blue: c("blue"),
    magenta: c("magenta"),
    cyan: c("cyan"),
  };
}

/** NO_COLOR (any non-empty value) turns colour off, as https://no-color.org asks. */
export function colorWanted(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  return isTTY && !env.NO_COLOR;
}
