/**
 * Replaces known secret values (the configured provider keys) with `[redacted: NAME]` in text that the model,
 * the session file or a front end will see. The agent applies it where outside text enters a session: the
 * user's messages, tool results and their live output, tool-call arguments and the system prompt; everything
 * else (requests, the session file, events) is built from those.
 *
 * Streams are redacted chunk by chunk without rescanning what was already passed on: a chunk's end that could
 * be the start of a secret is held back until the next chunk decides it (at most the longest secret's length
 * minus one character), so a key split across two chunks is still caught.
 */

/** A secret to hide: its value, and the name shown in its place (e.g. `OPENAI_API_KEY`). */
export interface Secret {
  name: string;
  value: string;
}

/**
 * Values shorter than this are not redacted from text: replacing a 3-character key everywhere would mangle
 * ordinary output while hiding nothing (such a key is still dropped from command environments).
 */
export const MIN_REDACTED_LENGTH = 8;

export interface StreamRedactor {
  /** The part of `chunk` (after what was held back) that can be passed on now; may be "". */
  push(chunk: string): string;
  /** What is still held back, redacted; call once when the stream ends. */
  end(): string;
}

export interface Redactor {
  /** False when there is nothing to hide (every method is then the identity). */
  readonly active: boolean;
  text(text: string): string;
  /** `value` with every string in it (through arrays and plain objects) redacted; a copy only where it changed. */
  value<T>(value: T): T;
  stream(): StreamRedactor;
}

export function createRedactor(secrets: readonly Secret[]): Redactor {
  const seen = new Set<string>();
  const list = secrets
    .filter((s) => s.value.length >= MIN_REDACTED_LENGTH && !seen.has(s.value) && seen.add(s.value))
    // Longest first, so a key that contains another is replaced whole.
    .sort((a, b) => b.value.length - a.value.length)
    .map((s) => ({ value: s.value, label: `[redacted: ${s.name}]` }));
  const longest = list[0]?.value.length ?? 0;

  const text = (input: string): string => {
    let out = input;
    for (const s of list) if (out.includes(s.value)) out = out.split(s.value).join(s.label);
    return out;
  };

  // Only strings inside arrays and plain objects are rewritten; anything else (a Buffer, a class instance) is
  // passed as it is, and an unchanged value keeps its identity (no copy on the common path).
  const value = <T>(input: T): T => {
    if (typeof input === "string") return text(input) as T;
    if (Array.isArray(input)) {
      const out = input.map(value);
      return (out.some((v, i) => v !== input[i]) ? out : input) as T;
    }
    if (input !== null && typeof input === "object") {
      const proto = Object.getPrototypeOf(input);
      if (proto !== Object.prototype && proto !== null) return input;
      let changed = false;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(input)) {
        out[k] = value(v);
        if (out[k] !== v) changed = true;
      }
      return (changed ? out : input) as T;
    }
    return input;
  };

  /** Length of the longest end of `s` that is the start of some secret (and not a whole one). */
  const pendingLength = (s: string): number => {
    let best = 0;
    const from = Math.max(0, s.length - (longest - 1));
    for (const { value: v } of list) {
      const first = v.charCodeAt(0);
      for (let i = from; i < s.length; i++) {
        const k = s.length - i;
        if (k <= best) break;
        if (k < v.length && s.charCodeAt(i) === first && v.startsWith(s.slice(i))) {
          best = k;
          break;
        }
      }
    }
    return best;
  };

  const stream = (): StreamRedactor => {
    let held = "";
    return {
      push(chunk) {
        const joined = text(held + chunk);
        const keep = pendingLength(joined);
        held = joined.slice(joined.length - keep);
        return joined.slice(0, joined.length - keep);
      },
      end() {
        const rest = held;
        held = "";
        return rest;
      },
    };
  };

  if (list.length === 0) {
    return {
      active: false,
      text: (t) => t,
      value: (v) => v,
      stream: () => ({ push: (c) => c, end: () => "" }),
    };
  }
  return { active: true, text, value, stream };
}
