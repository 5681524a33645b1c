/**
 * A headless xterm.js terminal for UI tests and the benchmark: what a person would see (screen and
 * scrollback) as plain text rows.
 */
import xterm from "@xterm/headless";

export interface HeadlessTerminal {
  cols: number;
  rows: number;
  write(data: string): void;
  /** Resolves when everything written so far has been parsed. */
  flush(): Promise<void>;
  /** Every row, scrollback first, trailing spaces trimmed. */
  lines(): string[];
  /** The visible screen rows. */
  screen(): string[];
  /** How many visible rows continue the row above: text the terminal wrapped because it was too wide. */
  wrappedRows(): number;
  resize(cols: number, rows: number): void;
  /** Raw bytes written so far. */
  written(): string;
  dispose(): void;
}

export function createHeadlessTerminal(cols = 80, rows = 24): HeadlessTerminal {
  const term = new xterm.Terminal({ cols, rows, scrollback: 10_000, allowProposedApi: true });
  let raw = "";
  const row = (i: number) => term.buffer.active.getLine(i)?.translateToString(true) ?? "";
  return {
    get cols() {
      return term.cols;
    },
    get rows() {
      return term.rows;
    },
    write(data) {
      raw += data;
      term.write(data);
    },
    flush: () => new Promise((resolve) => term.write("", resolve)),
    lines() {
      const out: string[] = [];
      for (let i = 0; i < term.buffer.active.length; i++) out.push(row(i));
      while (out.length > 0 && out.at(-1) === "") out.pop();
      return out;
    },
    screen() {
      const out: string[] = [];
      const base = term.buffer.active.baseY;
      for (let i = 0; i < term.rows; i++) out.push(row(base + i));
      return out;
    },
    wrappedRows() {
      const base = term.buffer.active.baseY;
      let n = 0;
      for (let i = 0; i < term.rows; i++) if (term.buffer.active.getLine(base + i)?.isWrapped) n++;
      return n;
    },
    resize: (c, r) => term.resize(c, r),
    written: () => raw,
    dispose: () => term.dispose(),
  };
}
