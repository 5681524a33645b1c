/**
 * Bounds a tool call's live output (`tool_output_delta` events) the way `capText` bounds what the model sees:
 * one command printing a gigabyte must not become a gigabyte of events, JSON lines and front-end buffers
 * (it made `tandem exec --json` grow to 2.8 GB). The first `headBytes` pass on whole; after that only the
 * newest `tailBytes` of each stream are kept and sent at most every `intervalMs`, each chunk saying how many
 * bytes before it were left out. So events cost at most head + tail per interval, whatever the command
 * prints, and a running build still shows its latest lines. The complete output is the tool's business (the
 * shell tool keeps it in its full-output file).
 */

export type OutputStream = "stdout" | "stderr";

export interface LiveOutputOptions {
  /** Bytes of a call's output sent whole before thinning starts. Default 256 KiB. */
  headBytes?: number;
  /** Past the head: the newest bytes of a stream kept for the next chunk. Default 8 KiB. */
  tailBytes?: number;
  /** Past the head: the least time between two chunks of a stream. Default 500 ms. */
  intervalMs?: number;
}

export interface LiveOutput {
  push(chunk: string, stream: OutputStream): void;
  /** Sends what is held back (the output's last lines, with the count left out). Call when the tool ends. */
  finish(): void;
  /** Drops what is held and stops sending (the call ended, or nobody listens any more). */
  close(): void;
}

/** `dropped`: bytes of this stream left out just before `chunk` (0 when nothing was). */
export type LiveOutputSink = (chunk: string, stream: OutputStream, dropped: number) => void;

interface Held {
  text: string;
  dropped: number;
  timer?: ReturnType<typeof setTimeout>;
  lastSent: number;
}

export function createLiveOutput(sink: LiveOutputSink, options: LiveOutputOptions = {}): LiveOutput {
  const headBytes = options.headBytes ?? 256 * 1024;
  const tailBytes = options.tailBytes ?? 8 * 1024;
  const intervalMs = options.intervalMs ?? 500;
  let sent = 0;
  let open = true;
  const held: Record<OutputStream, Held> = {
    stdout: { text: "", dropped: 0, lastSent: 0 },
    stderr: { text: "", dropped: 0, lastSent: 0 },
  };

  const send = (stream: OutputStream) => {
    const h = held[stream];
    if (h.timer) clearTimeout(h.timer);
    h.timer = undefined;
    if (!open || (h.text === "" && h.dropped === 0)) return;
    const { text, dropped } = h;
    h.text = "";
    h.dropped = 0;
    h.lastSent = Date.now();
    sink(text, stream, dropped);
  };

  const hold = (chunk: string, stream: OutputStream) => {
    const h = held[stream];
    let text = h.text + chunk;
    if (text.length > tailBytes) {
      // Keep the newest bytes, from a line start when there is one, so the front end shows whole lines.
      let cut = text.length - tailBytes;
      const newline = text.indexOf("\n", cut);
      if (newline !== -1 && newline < text.length - 1) cut = newline + 1;
      h.dropped += Buffer.byteLength(text.slice(0, cut));
      text = text.slice(cut);
    }
    h.text = text;
    const wait = h.lastSent + intervalMs - Date.now();
    if (wait <= 0) send(stream);
    else if (!h.timer) {
      h.timer = setTimeout(() => send(stream), wait);
      h.timer.unref?.();
    }
  };

  return {
    push(chunk, stream) {
      if (!open || chunk === "") return;
      if (sent >= headBytes) return hold(chunk, stream);
      const size = Buffer.byteLength(chunk);
      if (sent + size <= headBytes) {
        sent += size;
        return sink(chunk, stream, 0);
      }
      // The chunk crosses the head's end: send its start, hold the rest. Cut by characters (at most 4 bytes
      // each, so the head stays bounded) and never inside a surrogate pair, so both parts' bytes add up.
      let head = chunk.slice(0, headBytes - sent);
      if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
      sent = headBytes;
      if (head) sink(head, stream, 0);
      held[stream].lastSent = Date.now();
      hold(chunk.slice(head.length), stream);
    },
    finish() {
      send("stdout");
      send("stderr");
    },
    close() {
      open = false;
      for (const h of Object.values(held)) if (h.timer) clearTimeout(h.timer);
    },
  };
}
