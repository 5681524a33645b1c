/**
 * Locating a chunk's lines in a file, with Codex's decreasing strictness: exact, then ignoring trailing
 * whitespace, then ignoring surrounding whitespace, then also mapping typographic dashes, quotes and spaces
 * to ASCII. Lines are byte-space strings (see ../edit-text.ts), so trims touch ASCII whitespace only.
 */
import { fromBytes, trimAscii, trimEndAscii } from "../edit-text.ts";

export type SeekLevel = "exact" | "trailing-whitespace" | "whitespace" | "unicode";

export interface SeekHit {
  index: number;
  level: SeekLevel;
}

const PUNCTUATION: Record<string, string> = {};
for (const c of "\u2010\u2011\u2012\u2013\u2014\u2015\u2212") PUNCTUATION[c] = "-";
for (const c of "\u2018\u2019\u201A\u201B") PUNCTUATION[c] = "'";
for (const c of "\u201C\u201D\u201E\u201F") PUNCTUATION[c] = '"';
for (const c of "\u00A0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000")
  PUNCTUATION[c] = " ";
const PUNCTUATION_RE = new RegExp(`[${Object.keys(PUNCTUATION).join("")}]`, "g");

function normalizeUnicode(line: string): string {
  return fromBytes(line)
    .trim()
    .replace(PUNCTUATION_RE, (c) => PUNCTUATION[c] ?? c);
}

const LEVELS: Array<[SeekLevel, (s: string) => string]> = [
  ["exact", (s) => s],
  ["trailing-whitespace", trimEndAscii],
  ["whitespace", trimAscii],
  ["unicode", normalizeUnicode],
];

/**
 * First index ≥ `start` where `pattern` occurs in `lines`. With `endOfFile`, the match at the very end is tried
 * first (at every level), then the search from `start`.
 */
export function seekSequence(
  lines: string[],
  pattern: string[],
  start: number,
  endOfFile: boolean,
): SeekHit | undefined {
  if (pattern.length === 0) return { index: start, level: "exact" };
  if (pattern.length > lines.length) return undefined;
  const last = lines.length - pattern.length;
  for (const [level, norm] of LEVELS) {
    const wanted = pattern.map(norm);
    // Normalize each file line once per level, not once per candidate position.
    const have = level === "exact" ? lines : lines.map(norm);
    const at = (i: number) => {
      for (let k = 0; k < wanted.length; k++) if (have[i + k] !== wanted[k]) return false;
      return true;
    };
    if (endOfFile && at(last)) return { index: last, level };
    for (let i = start; i <= last; i++) if (at(i)) return { index: i, level };
  }
  return undefined;
}
