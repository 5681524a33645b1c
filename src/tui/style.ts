/**
 * Terminal styling. With `color` false (NO_COLOR set, or not a terminal) colours are dropped; bold, italic,
 * underline, dim and inverse stay, since they are not colour and keep the transcript readable.
 */
export interface Style {
  color: boolean;
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

const wrap = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
const plain = (s: string) => s;

export function createStyle(color: boolean): Style {
  const c = (open: number) => (color ? wrap(open, 39) : plain);
  return {
    color,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    italic: wrap(3, 23),
    underline: wrap(4, 24),
    inverse: wrap(7, 27),
    strike: wrap(9, 29),
    red: c(31),
    green: c(32),
    yellow: c(33),
    blue: c(34),
    magenta: c(35),
    cyan: c(36),
  };
}

/** NO_COLOR (any non-empty value) turns colour off, as https://no-color.org asks. */
export function colorWanted(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  return isTTY && !env.NO_COLOR;
}
