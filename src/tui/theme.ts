/**
 * Light or dark terminal background, so colours stay readable on both. In order: an explicit choice
 * (`TANDEM_THEME=light|dark`, then `theme = "light" | "dark"` in config.toml; `auto` defers), the
 * `COLORFGBG` variable some terminals set, the terminal's answer to an OSC 11 query, else dark.
 */
import { StringDecoder } from "node:string_decoder";
import { createReplyFilter } from "./terminal-replies.ts";

export type Theme = "light" | "dark";
export type ThemeChoice = Theme | "auto";
/** Where the theme came from, for `/status`. */
export type ThemeSource = "TANDEM_THEME" | "config" | "COLORFGBG" | "terminal" | "default";

export interface DetectedTheme {
  theme: Theme;
  source: ThemeSource;
}

const asTheme = (value: string | undefined): Theme | undefined =>
  value === "light" || value === "dark" ? value : undefined;

/**
 * `COLORFGBG` is `fg;bg` (rxvt also writes `fg;default;bg`) in the 16 basic colours: a background of 7
 * (white) or 15 (bright white) is light; 0-6 and 8 (black, the dark colours, dark grey) are dark. Other
 * values say nothing.
 */
export function themeFromColorFgBg(value: string | undefined): Theme | undefined {
  const bg = value?.split(";").at(-1)?.trim();
  if (!bg || !/^\d+$/.test(bg)) return undefined;
  const n = Number(bg);
  if (n === 7 || n === 15) return "light";
  if (n <= 6 || n === 8) return "dark";
  return undefined;
}

const BACKGROUND_REPLY =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the reply starts with ESC
  /\x1b\]11;rgba?:([0-9a-f]{1,4})\/([0-9a-f]{1,4})\/([0-9a-f]{1,4})(?:\/[0-9a-f]{1,4})?(?:\x07|\x1b\\)/i;

/**
 * The theme an OSC 11 reply (`ESC]11;rgb:RRRR/GGGG/BBBB` ended by BEL or ST, 1 to 4 hex digits per
 * channel) implies: light when its luminance (Rec. 709 weights) is above 0.5. Undefined for anything else.
 */
export function themeFromBackgroundReply(reply: string): Theme | undefined {
  const m = BACKGROUND_REPLY.exec(reply);
  if (!m) return undefined;
  const [r, g, b] = [m[1], m[2], m[3]].map(
    (hex = "0") => Number.parseInt(hex, 16) / (16 ** hex.length - 1),
  ) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.5 ? "light" : "dark";
}

/** The OSC 11 background query, then DA1, which every terminal answers: DA1's reply first means no OSC 11 support. */
export const BACKGROUND_QUERY = "\x1b]11;?\x07\x1b[c";

export interface BackgroundQueryIO {
  write(data: string): void;
  /** Listens for input; returns the function that stops listening. */
  onData(listener: (data: string) => void): () => void;
  /** Input read while waiting that is not a reply (keys typed early): handed back, in order. Default: dropped. */
  keep?(input: string): void;
  /** Milliseconds to wait for the answer. Default 150. */
  timeoutMs?: number;
}

/**
 * Asks the terminal for its background colour. Resolves with the theme its reply implies, or undefined
 * when the terminal does not answer OSC 11 (DA1 came first) or nothing came within the timeout. Never
 * rejects. Replies arriving later are dropped by the key parser (`terminal-replies.ts`).
 */
export function queryBackground(io: BackgroundQueryIO): Promise<Theme | undefined> {
  return new Promise((resolve) => {
    const filter = createReplyFilter();
    let kept = "";
    let done = false;
    const finish = (theme: Theme | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      stop();
      if (kept) io.keep?.(kept);
      resolve(theme);
    };
    // On the timeout, first read what input is already there (setImmediate runs after the loop's I/O poll): the
    // query goes out before the UI's modules load, which keep the process busy past the timeout, and a reply
    // that came meanwhile is waiting unread.
    const timer = setTimeout(() => setImmediate(() => finish(undefined)), io.timeoutMs ?? 150);
    const stop = io.onData((data) => {
      const { input, replies } = filter(data);
      kept += input;
      for (const reply of replies) {
        if (reply.startsWith("\x1b]11;")) return finish(themeFromBackgroundReply(reply));
        if (reply.startsWith("\x1b[?")) return finish(undefined);
      }
    });
    try {
      io.write(BACKGROUND_QUERY);
    } catch {
      finish(undefined);
    }
  });
}

/**
 * Whether to ask this terminal at all: only when both stdin and stdout are terminals, and not inside a
 * tmux older than 3.3 (3.3a answers OSC 11 itself when it knows the pane's background; older ones were
 * not checked and would only cost the timeout).
 */
export function backgroundQueryWanted(
  env: NodeJS.ProcessEnv,
  stdinTTY: boolean,
  stdoutTTY: boolean,
): boolean {
  if (!stdinTTY || !stdoutTTY) return false;
  if (env.TMUX && env.TERM_PROGRAM === "tmux") {
    const m = /^(\d+)\.(\d+)/.exec(env.TERM_PROGRAM_VERSION ?? "");
    if (m && (Number(m[1]) < 3 || (Number(m[1]) === 3 && Number(m[2]) < 3))) return false;
  }
  return true;
}

export interface DetectThemeOptions {
  env: NodeJS.ProcessEnv;
  /** The `theme` from config.toml. Default: none. */
  configTheme?: () => Promise<ThemeChoice | undefined>;
  /** Asks the terminal (see `queryBackground`). Default: no query. */
  query?: () => Promise<Theme | undefined>;
}

/** The background theme and where it came from. Never rejects: a failing step falls through to the next. */
export async function detectTheme(options: DetectThemeOptions): Promise<DetectedTheme> {
  const fromEnv = asTheme(options.env.TANDEM_THEME?.trim().toLowerCase());
  if (fromEnv) return { theme: fromEnv, source: "TANDEM_THEME" };
  const fromColorFgBg = themeFromColorFgBg(options.env.COLORFGBG);
  // Without COLORFGBG the terminal is asked while config.toml is read, not after, so the answer's wait
  // overlaps the UI's start; a theme in config still wins (its answer is then read and dropped).
  const asking = fromColorFgBg ? undefined : options.query?.().catch(() => undefined);
  const fromConfig = asTheme(await options.configTheme?.().catch(() => undefined));
  if (fromConfig) {
    // The query reads stdin until it settles, so it must be done before the caller takes stdin over.
    await asking;
    return { theme: fromConfig, source: "config" };
  }
  if (fromColorFgBg) return { theme: fromColorFgBg, source: "COLORFGBG" };
  const fromTerminal = await asking;
  if (fromTerminal) return { theme: fromTerminal, source: "terminal" };
  return { theme: "dark", source: "default" };
}

/**
 * Asks the process's own terminal (see `queryBackground`). Raw mode is switched on first, so the reply is
 * neither echoed nor held for a newline, and left on: the UI's terminal (`terminal.ts`) takes stdin over
 * next, and Node restores the terminal's mode at exit. Keys typed while waiting are put back into stdin.
 */
export function queryStdioBackground(
  stdin: NodeJS.ReadStream,
  stdout: NodeJS.WriteStream,
  timeoutMs?: number,
): Promise<Theme | undefined> {
  if (!stdin.isTTY) return Promise.resolve(undefined);
  stdin.setRawMode(true);
  const decoder = new StringDecoder("utf8");
  return queryBackground({
    write: (data) => {
      stdout.write(data);
    },
    onData: (listener) => {
      const onData = (chunk: Buffer | string) =>
        listener(typeof chunk === "string" ? chunk : decoder.write(chunk));
      stdin.on("data", onData);
      stdin.resume();
      return () => {
        stdin.off("data", onData);
        stdin.pause();
      };
    },
    keep: (input) => stdin.unshift(Buffer.from(input, "utf8")),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
}

export interface TerminalThemeOptions {
  env: NodeJS.ProcessEnv;
  /** TANDEM_HOME, where the user's config.toml is. Default: `tandemHome(env)`. */
  home?: string;
  /** Where the project's config.toml is looked up, from here up. */
  cwd: string;
  /** Default process.stdin / process.stdout. */
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

/**
 * `detectTheme` for the UI's own terminal: config.toml read for its `theme` (a config with errors is left
 * to the session to report), the terminal asked when `backgroundQueryWanted`. Meant to run while the
 * session opens, so it costs no start-up time.
 */
export function detectTerminalTheme(options: TerminalThemeOptions): Promise<DetectedTheme> {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const ask = backgroundQueryWanted(options.env, stdin.isTTY === true, stdout.isTTY === true);
  return detectTheme({
    env: options.env,
    // Loaded here, not statically: the query can then go out before the config reader (zod) has loaded.
    configTheme: async () => {
      const { loadConfig, tandemHome } = await import("../app/config.ts");
      const home = options.home ?? tandemHome(options.env);
      return (await loadConfig({ home, cwd: options.cwd })).config.theme;
    },
    ...(ask ? { query: () => queryStdioBackground(stdin, stdout) } : {}),
  });
}
