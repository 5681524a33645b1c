/**
 * The terminal as the UI sees it: output, size, input and resize. `processTerminal` is the real one
 * (raw mode, bracketed paste, hidden hardware cursor: the composer draws its own); tests and the bench
 * pass their own.
 */
export interface TuiTerminal {
  write(data: string): void;
  columns(): number;
  rows(): number;
  onInput(listener: (data: string) => void): void;
  onResize(listener: () => void): void;
  /** Restores the terminal (cursor, raw mode, paste mode). Safe to call twice. */
  restore(): void;
}

export function processTerminal(
  stdin: NodeJS.ReadStream = process.stdin,
  stdout: NodeJS.WriteStream = process.stdout,
): TuiTerminal {
  let restored = false;
  if (stdin.isTTY) stdin.setRawMode(true);
  stdin.setEncoding("utf8");
  stdin.resume();
  stdout.write("\x1b[?25l\x1b[?2004h");
  const restore = () => {
    if (restored) return;
    restored = true;
    stdout.write("\x1b[?2004l\x1b[?25h");
    if (stdin.isTTY) stdin.setRawMode(false);
    stdin.pause();
  };
  process.once("exit", restore);
  return {
    write: (data) => {
      stdout.write(data);
    },
    columns: () => stdout.columns || 80,
    rows: () => stdout.rows || 24,
    onInput: (listener) => {
      stdin.on("data", (d: string | Buffer) => listener(String(d)));
    },
    onResize: (listener) => {
      stdout.on("resize", listener);
    },
    restore,
  };
}
