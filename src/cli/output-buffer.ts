/**
 * Coalesces many small writes (one per token delta) into few syscalls: a 1,000+ tokens/s model must not make
 * the terminal or a pipe the bottleneck. Flushes at the end of the current macrotask or when 64 KiB pile up.
 */
export interface OutputBuffer {
  write(text: string): void;
  /** Writes everything pending now (synchronously for files, pipes and terminals on Linux). */
  flush(): void;
}

export function createOutputBuffer(stream: NodeJS.WriteStream, limit = 64 * 1024): OutputBuffer {
  let parts: string[] = [];
  let size = 0;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (parts.length === 0) return;
    const text = parts.length === 1 ? (parts[0] as string) : parts.join("");
    parts = [];
    size = 0;
    // A reader that went away (EPIPE) destroys the stream; writing on would only queue more errors.
    if (stream.writable) stream.write(text);
  };
  return {
    write(text) {
      parts.push(text);
      size += text.length;
      if (size >= limit) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
