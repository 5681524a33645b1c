/**
 * File text for the editing tools, in "byte space": the file's bytes decoded as latin1, one char per byte, so
 * any bytes (invalid UTF-8 included) outside the edited lines are written back exactly. Text from the model
 * (UTF-8 strings) is brought into the same space with `toBytes` before it is searched for or inserted.
 */

export interface FileText {
  /** The content without a UTF-8 BOM, one char per byte. */
  text: string;
  /** The file started with a UTF-8 BOM (kept on write). */
  bom: boolean;
  /** Every line break is CRLF (and there is at least one). */
  crlf: boolean;
}

const BOM = "\xEF\xBB\xBF";

export function decodeFile(bytes: Uint8Array): FileText {
  let text = Buffer.from(bytes).toString("latin1");
  const bom = text.startsWith(BOM);
  if (bom) text = text.slice(BOM.length);
  return { text, bom, crlf: usesCrlf(text) };
}

export function encodeFile(file: Pick<FileText, "bom">, text: string): Buffer {
  return Buffer.from(file.bom ? BOM + text : text, "latin1");
}

/** A model string (UTF-16) as byte-space text. */
export function toBytes(text: string): string {
  return Buffer.from(text, "utf8").toString("latin1");
}

/** Byte-space text as a readable string (invalid UTF-8 shows as U+FFFD). */
export function fromBytes(text: string): string {
  return Buffer.from(text, "latin1").toString("utf8");
}

/** Only when every `\n` is preceded by `\r`: a file with a few stray CRs stays LF. */
export function usesCrlf(text: string): boolean {
  let lf = 0;
  let crlf = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) {
    lf++;
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
  }
  return lf > 0 && lf === crlf;
}

/** Converts a model string's line breaks to the file's. */
export function matchEol(text: string, crlf: boolean): string {
  const lf = text.replace(/\r\n/g, "\n");
  return crlf ? lf.replace(/\n/g, "\r\n") : lf;
}

/** Trims ASCII whitespace only: in byte space, 0xA0 may be the tail of a UTF-8 character. */
export function trimEndAscii(s: string): string {
  let end = s.length;
  while (end > 0 && isAsciiSpace(s.charCodeAt(end - 1))) end--;
  return s.slice(0, end);
}

export function trimAscii(s: string): string {
  let start = 0;
  while (start < s.length && isAsciiSpace(s.charCodeAt(start))) start++;
  return trimEndAscii(s.slice(start));
}

export function leadingWhitespace(s: string): string {
  let i = 0;
  while (i < s.length && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
  return s.slice(0, i);
}

function isAsciiSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10 || c === 11 || c === 12;
}
