/**
 * Long pastes in the composer: a paste over the limits is shown as one placeholder token
 * (`[Pasted text #1 +42 lines]`, or `+1,234 chars` for one long line) while the real text is kept, and
 * the placeholders are replaced by their texts when the message is taken. Numbering restarts with each
 * message. A placeholder edited by hand (no longer whole) is sent as typed.
 */

export interface PasteLimits {
  /** A paste with more lines than this is collapsed. Default 10. */
  pasteMaxLines?: number;
  /** A paste longer than this (characters) is collapsed. Default 1,000. */
  pasteMaxChars?: number;
}

export interface Pastes {
  /** What to insert for a paste: the text itself when short, else a new placeholder. */
  add(text: string): string;
  /** The placeholder that ends exactly at `cursor` in `text`, if any (Backspace deletes it whole). */
  endingAt(text: string, cursor: number): string | undefined;
  /** `text` with every placeholder replaced by its paste. */
  expand(text: string): string;
  /** Forgets all pastes (the message was sent or cleared). */
  reset(): void;
}

export function createPastes(limits: PasteLimits = {}): Pastes {
  const maxLines = limits.pasteMaxLines ?? 10;
  const maxChars = limits.pasteMaxChars ?? 1_000;
  const byToken = new Map<string, string>();
  let count = 0;
  return {
    add(text) {
      const lines = text.split("\n").length;
      if (lines <= maxLines && text.length <= maxChars) return text;
      count++;
      const size = lines > 1 ? `+${lines} lines` : `+${text.length.toLocaleString("en-US")} chars`;
      const token = `[Pasted text #${count} ${size}]`;
      byToken.set(token, text);
      return token;
    },
    endingAt(text, cursor) {
      if (text[cursor - 1] !== "]") return undefined;
      for (const token of byToken.keys()) {
        if (cursor >= token.length && text.startsWith(token, cursor - token.length)) return token;
      }
      return undefined;
    },
    expand(text) {
      let out = text;
      // split/join, not replace: a paste may hold `$&` and the like.
      for (const [token, paste] of byToken) out = out.split(token).join(paste);
      return out;
    },
    reset() {
      byToken.clear();
      count = 0;
    },
  };
}
