/**
 * Terminal replies in the input stream: answers to queries we write (OSC 11 background colour,
 * `ESC]11;rgb:…` ended by BEL or ST; DA1, `ESC[?…c`). They arrive on stdin like keys, possibly late
 * (after the query gave up) or split over reads, and must never reach the composer as typed text.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal replies start with ESC
const REPLY = /\x1b\]\d+;[^\x07\x1b]*(?:\x07|\x1b\\)|\x1b\[\?[0-9;]*c/g;
/** What a reply cut off by the end of a read looks like; held back until the rest arrives. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal replies start with ESC
const PARTIAL = /(?:\x1b\](?:\d+(?:;[^\x07\x1b]*)?)?\x1b?|\x1b\[\?[0-9;]*)$/;
/** A held-back tail longer than this is no reply: it is let through as input. */
const MAX_PENDING = 512;

export interface FilteredInput {
  /** The input with every complete reply taken out. */
  input: string;
  /** The replies, in order, as received. */
  replies: string[];
}

/**
 * A filter for one input stream: each read in, the input without replies out. A tail that may be the
 * start of a reply is held until the next read completes it (or shows it is not one). A lone ESC at the
 * end of a read is the Escape key and is never held.
 */
export function createReplyFilter(): (data: string) => FilteredInput {
  let pending = "";
  return (data) => {
    let text = pending + data;
    pending = "";
    const replies: string[] = [];
    text = text.replace(REPLY, (reply) => {
      replies.push(reply);
      return "";
    });
    const tail = PARTIAL.exec(text);
    if (tail && tail[0] !== "\x1b" && tail[0].length <= MAX_PENDING) {
      pending = tail[0];
      text = text.slice(0, tail.index);
    }
    return { input: text, replies };
  };
}
