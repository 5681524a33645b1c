/**
 * Text piped into `tandem exec` (`cat build.log | tandem exec "explain this log"`): read and added to the
 * prompt, as Codex's and Claude Code's non-interactive modes do, instead of being ignored. Capped, since a
 * log can be gigabytes and the prompt must fit a context window: past the cap tandem stops reading, keeps the
 * head and says so.
 *
 * A parent process may leave stdin open and never write (an ssh session, a program spawning tandem with a
 * pipe): waiting for its end would hang exec forever. So when nothing at all arrives within `firstByteMs`,
 * exec goes on without it and says so. A file (`< build.log`) or `tandem exec -` is always read to the end.
 */
import { fstatSync, statSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { isatty } from "node:tty";

export interface PipedInputOptions {
  /** Characters kept; the rest is not read. Default 100,000 (about 25k tokens). */
  maxChars?: number;
  /**
   * How long to wait for the first byte before going on without input; `Infinity` waits for the end (for
   * `exec -` and files). Default 5,000 ms.
   */
  firstByteMs?: number;
}

export interface PipedInput {
  text: string;
  /** True when the input was longer than `maxChars` and only its head was kept. */
  cut: boolean;
  /** True when nothing arrived within `firstByteMs` and the input was not waited for. */
  timedOut: boolean;
}

export const PIPED_INPUT_MAX_CHARS = 100_000;
export const PIPED_INPUT_FIRST_BYTE_MS = 5_000;

/**
 * What stdin is: a `terminal` (nothing piped), `nothing` (/dev/null, as a program spawning tandem with its stdin
 * ignored gives it: there is nothing to read), a `file` (read whole, no waiting) or a `pipe`. Asked of the file
 * descriptor, not of `process.stdin`: creating that stream for a file or /dev/null loads Node's fs streams
 * (13 modules, ~5–25 ms before the first model request; docs/benchmarks.md, "Start-up"). Anything it cannot
 * tell is a `pipe`, read as before.
 */
export type StdinKind = "terminal" | "nothing" | "file" | "pipe";

export function stdinKind(fd = 0): StdinKind {
  try {
    if (isatty(fd)) return "terminal";
    const stat = fstatSync(fd);
    if (stat.isFile()) return "file";
    if (stat.isCharacterDevice() && stat.rdev === statSync("/dev/null").rdev) return "nothing";
    return "pipe";
  } catch {
    return "pipe";
  }
}

/** Reads `stream` to its end (or the cap, or the first-byte timeout). Never rejects. */
export function readPipedInput(
  stream: NodeJS.ReadableStream & { destroy?(): void },
  options: PipedInputOptions = {},
): Promise<PipedInput> {
  const maxChars = options.maxChars ?? PIPED_INPUT_MAX_CHARS;
  const firstByteMs = options.firstByteMs ?? PIPED_INPUT_FIRST_BYTE_MS;
  const decoder = new StringDecoder("utf8");
  let text = "";
  let started = false;
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = (result: Omit<PipedInput, "text">, ended: boolean) => {
      if (timer) clearTimeout(timer);
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("error", onEnd);
      // Not read any further (cut, or given up on): a writer gets EPIPE, as a program piped into `head`
      // does, and an open stdin no longer keeps the process alive.
      if (!ended) stream.destroy?.();
      resolve({ text, ...result });
    };
    const onData = (chunk: Buffer | string) => {
      started = true;
      text += typeof chunk === "string" ? chunk : decoder.write(chunk);
      if (text.length > maxChars) {
        text = text.slice(0, maxChars);
        finish({ cut: true, timedOut: false }, false);
      }
    };
    const onEnd = () => {
      text += decoder.end();
      finish({ cut: false, timedOut: false }, true);
    };
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("error", onEnd);
    if (Number.isFinite(firstByteMs)) {
      timer = setTimeout(() => {
        if (!started) finish({ cut: false, timedOut: true }, false);
      }, firstByteMs);
    }
  });
}

/** The prompt with the piped text added as a delimited block, so the model tells the ask from the data. */
export function promptWithInput(prompt: string, input: PipedInput): string {
  if (!input.text.trim()) return prompt;
  const note = input.cut
    ? `\n[stdin was cut: only its first ${input.text.length.toLocaleString("en-US")} characters are shown]`
    : "";
  return `${prompt}\n\n<stdin>\n${input.text.replace(/\n$/, "")}${note}\n</stdin>`;
}

/** What the user is told about the piped input, if anything. */
export function pipedInputWarning(input: PipedInput, maxChars = PIPED_INPUT_MAX_CHARS): string | undefined {
  if (input.cut) {
    return `the piped input is over ${maxChars.toLocaleString("en-US")} characters: only its first ${maxChars.toLocaleString("en-US")} were added to the prompt (save it to a file and name the file in the prompt to let the model read all of it)`;
  }
  if (input.timedOut) {
    return `stdin is not a terminal but nothing arrived on it in ${PIPED_INPUT_FIRST_BYTE_MS / 1000} s: going on without it (run tandem with </dev/null to skip the wait, or save slow output to a file and pipe that)`;
  }
  return undefined;
}
