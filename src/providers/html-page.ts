/**
 * Web pages where an API answer was expected: a captive portal or a proxy's login page, or a base URL that
 * points at a website. Told apart from the API's own answers so the message says what to check, and quotes
 * the page's title instead of its markup.
 */
import { excerpt } from "../util/excerpt.ts";
import type { ErrorContext } from "./http-errors.ts";
import type { ProviderError } from "./types.ts";

/** True when `text` starts like an HTML document (after whitespace and an optional BOM). */
export function looksLikeHtml(text: string): boolean {
  return /^\uFEFF?\s*<(!doctype\s+html|html|head|body|title|meta)\b/i.test(text);
}

/** ` (titled "…")` from the page's `<title>`, or "" when it has none. */
export function titledHtml(page: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(page)?.[1]?.trim();
  return title ? ` (titled ${JSON.stringify(excerpt(title, 80))})` : "";
}

/** A 200 with a web page instead of an event stream. Not retryable: the address or the network must change. */
export function htmlPageError(page: string, ctx: ErrorContext): ProviderError {
  return {
    kind: "protocol",
    message: `${ctx.providerLabel} answered with an HTML page${titledHtml(page)}, not an event stream: check base_url for this provider (it must be the API's address, with its version path where it has one), or sign in to the network if a captive portal or proxy is asking for it.`,
    retryable: false,
  };
}
