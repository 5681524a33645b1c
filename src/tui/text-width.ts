/**
 * Width and wrapping of terminal text that may hold ANSI styling. Every line the UI draws is wrapped here to
 * the terminal's width first, so one string is exactly one screen row and the renderer can count rows.
 */

/** CSI (colours, cursor) and OSC (hyperlinks, titles) sequences. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences start with ESC
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/y;

/**
 * Wide (East Asian Width W) symbols and emoji below the big emoji blocks: ✅ ❌ ⭐ ✨ ⏳ ⚡ ❓ ➕ 🀄 🆎 🈁 …
 * Terminals draw them in two cells (tmux, VTE, iTerm2; glibc's wcwidth since Unicode 9); counted as one,
 * a row holding one overflowed and wrapped, and the live part was redrawn a row off.
 */
const WIDE_SYMBOLS: readonly (readonly [number, number])[] = [
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x23f0, 0x23f0],
  [0x23f3, 0x23f3],
  [0x25fd, 0x25fe],
  [0x2614, 0x2615],
  [0x2648, 0x2653],
  [0x267f, 0x267f],
  [0x2693, 0x2693],
  [0x26a1, 0x26a1],
  [0x26aa, 0x26ab],
  [0x26bd, 0x26be],
  [0x26c4, 0x26c5],
  [0x26ce, 0x26ce],
  [0x26d4, 0x26d4],
  [0x26ea, 0x26ea],
  [0x26f2, 0x26f3],
  [0x26f5, 0x26f5],
  [0x26fa, 0x26fa],
  [0x26fd, 0x26fd],
  [0x2705, 0x2705],
  [0x270a, 0x270b],
  [0x2728, 0x2728],
  [0x274c, 0x274c],
  [0x274e, 0x274e],
  [0x2753, 0x2755],
  [0x2757, 0x2757],
  [0x2795, 0x2797],
  [0x27b0, 0x27b0],
  [0x27bf, 0x27bf],
  [0x2b1b, 0x2b1c],
  [0x2b50, 0x2b50],
  [0x2b55, 0x2b55],
  [0x1f004, 0x1f004],
  [0x1f0cf, 0x1f0cf],
  [0x1f18e, 0x1f18e],
  [0x1f191, 0x1f19a],
  [0x1f200, 0x1f202],
  [0x1f210, 0x1f23b],
  [0x1f240, 0x1f248],
  [0x1f250, 0x1f251],
  [0x1f260, 0x1f265],
];

/** East Asian wide and emoji code points take two cells; combining marks and zero-width ones none. */
export function charWidth(code: number): number {
  if (code < 32 || (code >= 0x7f && code < 0xa0)) return 0;
  if (
    (code >= 0x300 && code <= 0x36f) ||
    code === 0x200b ||
    code === 0x200d ||
    (code >= 0xfe00 && code <= 0xfe0f)
  )
    return 0;
  if (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  )
    return 2;
  if ((code >= 0x231a && code <= 0x2b55) || (code >= 0x1f004 && code <= 0x1f265))
    for (const [lo, hi] of WIDE_SYMBOLS) if (code >= lo && code <= hi) return 2;
  return 1;
}

interface Token {
  text: string;
  width: number;
  /** An escape sequence (no width). */
  ansi: boolean;
}

function tokenize(line: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < line.length) {
    if (line.charCodeAt(i) === 0x1b) {
      ANSI.lastIndex = i;
      const m = ANSI.exec(line);
      if (m) {
        out.push({ text: m[0], width: 0, ansi: true });
        i += m[0].length;
        continue;
      }
    }
    const code = line.codePointAt(i) as number;
    const text = String.fromCodePoint(code);
    out.push({ text, width: text === "\t" ? 4 : charWidth(code), ansi: false });
    i += text.length;
  }
  return out;
}

export function visibleWidth(line: string): number {
  let w = 0;
  for (const t of tokenize(line)) w += t.width;
  return w;
}

export function stripAnsi(text: string): string {
  return text.replace(new RegExp(ANSI.source, "g"), "");
}

/**
 * Wraps one line (no newlines) to rows of at most `width` cells, breaking after spaces where it can.
 * Styling open at a break is closed at the row's end and reopened on the next row, so rows stand alone.
 */
export function wrapLine(line: string, width: number): string[] {
  const w = Math.max(1, width);
  if (line.length <= w && !/[^\x20-\x7e]/.test(line)) return [line];
  const rows: string[] = [];
  // Each token remembers the styling open before it, so a row can be closed and the next one reopened.
  let row: { t: Token; open: string }[] = [];
  let rowWidth = 0;
  let open = "";
  const finish = (cells: { t: Token; open: string }[], endOpen: string) => {
    const start = cells[0]?.open ?? endOpen;
    const text = cells.map((c) => (c.t.text === "\t" ? "    " : c.t.text)).join("");
    rows.push(start + text + (endOpen ? "\x1b[0m" : ""));
  };
  for (const t of tokenize(line)) {
    if (t.ansi) {
      row.push({ t, open });
      // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences start with ESC
      if (t.text.endsWith("m")) open = /^\x1b\[0?m$/.test(t.text) ? "" : open + t.text;
      continue;
    }
    if (rowWidth + t.width > w) {
      // Break after the row's last space when there is one (word wrap), else mid-word.
      let cut = -1;
      if (t.text !== " ")
        for (let k = row.length - 1; k > 0; k--)
          if (row[k]?.t.text === " ") {
            cut = k;
            break;
          }
      if (cut > 0) {
        const carry = row.slice(cut + 1);
        finish(row.slice(0, cut), row[cut]?.open ?? "");
        row = carry;
      } else {
        finish(row, open);
        row = [];
      }
      rowWidth = row.reduce((n, c) => n + c.t.width, 0);
      if (t.text === " " && row.length === 0) continue;
    }
    row.push({ t, open });
    rowWidth += t.width;
  }
  finish(row, open);
  return rows;
}

/** `line` cut to its first `width` cells (no word break), styling reset at the end when any was open. */
export function cutLine(line: string, width: number): string {
  let out = "";
  let used = 0;
  let styled = false;
  for (const t of tokenize(line)) {
    if (t.ansi) {
      out += t.text;
      styled = true;
      continue;
    }
    if (used + t.width > width) break;
    out += t.text === "\t" ? "    " : t.text;
    used += t.width;
  }
  return styled ? `${out}\x1b[0m` : out;
}

/** Splits on newlines and wraps each line. */
export function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) out.push(...wrapLine(line, width));
  return out;
}
