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

/** The real terminal, which can also be told it is gone. */
export interface ProcessTerminal extends TuiTerminal {
  /**
   * The terminal hung up (SIGHUP: its window was closed): from now on nothing is written to it and `restore`
   * leaves it alone. Writing to a hung-up tty fails with EIO and changing its mode fails too; there is nobody
   * to restore it for.
   */
  hangUp(): void;
}

export function processTerminal(
  stdin: NodeJS.ReadStream = process.stdin,
  stdout: NodeJS.WriteStream = process.stdout,
): ProcessTerminal {
  let restored = false;
  let gone = false;
  if (stdin.isTTY) stdin.setRawMode(true);
  stdin.setEncoding("utf8");
  stdin.resume();
  stdout.write("\x1b[?25l\x1b[?2004h");
  // A read from a hung-up tty can fail (EIO) before SIGHUP's handler ran: that is the hang-up, not a crash.
  stdin.on("error", () => {
    gone = true;
  });
  const restore = () => {
    if (restored) return;
    restored = true;
    if (gone) {
      stdin.pause();
      return;
    }
    stdout.write("\x1b[?2004l\x1b[?25h");
    if (stdin.isTTY) stdin.setRawMode(false);
    stdin.pause();
  };
  process.once("exit", restore);
  return {
    write: (data) => {
      if (!gone) stdout.write(data);
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
    hangUp: () => {
      gone = true;
    },
  };
}
