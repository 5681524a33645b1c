/**
 * `@` mentions: finding the `@word` at the cursor, fuzzy-matching paths for it (FZF's algorithm, the `fzf`
 * package), and the text that replaces it when a match is accepted. Pure functions; the popup state lives
 * in mention-popup.ts.
 *
 * Matching stays quick on 100,000 paths (bench/mention.ts): a cheap subsequence check picks the candidates
 * first, in order of path length (narrowing the previous query's hits as the user types on), and FZF scores
 * at most `maxScored` of them (the shortest, plus as many whose file name contains the query as typed), so a
 * one-letter query does not score every path. FZF's linear v1 algorithm shortlists 64 of those and its v2
 * (the optimal alignment, much slower on long paths) ranks the shortlist.
 */
import { Fzf } from "fzf";

/** The part of fzf's result item used here (its bundled types do not resolve under NodeNext). */
interface FzfResult {
  item: string;
  positions: Set<number>;
}

/** How many of FZF v1's best matches v2 ranks. */
const SHORTLIST = 64;

const shorterFirst = (a: FzfResult, b: FzfResult) => a.item.length - b.item.length;

export interface MentionQuery {
  /** Index of the `@`. */
  start: number;
  /** End of the word (the first whitespace after the cursor, or the end). */
  end: number;
  /** What was typed after the `@`, up to the cursor. */
  query: string;
}

/**
 * The mention being typed at `cursor`: a word starting with `@` at the start of the text or after
 * whitespace. None inside an already quoted mention (`@"a b.txt"`) or an e-mail address.
 */
export function mentionAt(text: string, cursor: number): MentionQuery | undefined {
  let start = cursor;
  while (start > 0 && !/\s/.test(text[start - 1] as string)) start--;
  if (text[start] !== "@" || start === cursor) return undefined;
  const query = text.slice(start + 1, cursor);
  if (query.startsWith('"')) return undefined;
  let end = cursor;
  while (end < text.length && !/\s/.test(text[end] as string)) end++;
  return { start, end, query };
}

/**
 * What an accepted path becomes: `@path ` (quoted as `@"a b.txt" ` when it has whitespace or a quote). A
 * directory gets no trailing space, so its contents can be typed for (the popup stays open).
 */
export function mentionText(path: string): string {
  const quoted = /[\s"]/.test(path) ? `"${path.replaceAll('"', '\\"')}"` : path;
  return path.endsWith("/") && quoted === path ? `@${path}` : `@${quoted} `;
}

export interface PathMatch {
  path: string;
  /** Indices into `path` of the matched characters (empty for the empty query). */
  positions: number[];
}

export interface PathMatcherOptions {
  /** Most results. Default 8. */
  limit?: number;
  /** Most candidates FZF scores per query (plus as many whose file name holds the query). Default 1,000. */
  maxScored?: number;
}

export interface PathMatcher {
  /** Best matches first; the empty query gives the top-level entries (fewest folders deep, then shortest). */
  match(query: string): PathMatch[];
  readonly size: number;
}

export function createPathMatcher(paths: readonly string[], options: PathMatcherOptions = {}): PathMatcher {
  const limit = options.limit ?? 8;
  const maxScored = options.maxScored ?? 1_000;
  const byLength = [...paths].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  const lower = byLength.map((p) => p.toLowerCase());
  const baseStart = byLength.map((p) => p.lastIndexOf("/", p.length - 2) + 1);
  let top: string[] | undefined;
  let last: { query: string; sensitive: boolean; hits: number[] } | undefined;

  return {
    size: byLength.length,
    match(query) {
      if (!query) {
        top ??= shallowest(byLength, limit);
        return top.map((path) => ({ path, positions: [] }));
      }
      // Smart case, as FZF: an upper-case letter in the query makes it case-sensitive.
      const sensitive = query !== query.toLowerCase();
      const haystack = sensitive ? byLength : lower;
      // Typing on narrows the last query's hits instead of scanning every path again.
      const pool =
        last && last.sensitive === sensitive && query.startsWith(last.query) ? last.hits : undefined;
      const hits: number[] = [];
      if (pool) {
        for (const i of pool) if (isSubsequence(query, haystack[i] as string)) hits.push(i);
      } else {
        for (let i = 0; i < haystack.length; i++)
          if (isSubsequence(query, haystack[i] as string)) hits.push(i);
      }
      last = { query, sensitive, hits };
      const shortest = hits.slice(0, maxScored).map((i) => byLength[i] as string);
      const named: string[] = [];
      for (let k = maxScored; k < hits.length && named.length < maxScored; k++) {
        const i = hits[k] as number;
        if ((haystack[i] as string).indexOf(query, baseStart[i]) !== -1) named.push(byLength[i] as string);
      }
      // FZF's v1 (greedy, linear) keeps a shortlist; v2 (optimal alignment, costly on long paths) ranks it.
      const coarse = new Fzf([...shortest, ...named], {
        limit: SHORTLIST,
        normalize: false,
        fuzzy: "v1",
        tiebreakers: [shorterFirst],
      }).find(query) as FzfResult[];
      const fine = new Fzf(
        coarse.map((r) => r.item),
        { limit, normalize: false, tiebreakers: [shorterFirst] },
      );
      const found = fine.find(query) as FzfResult[];
      return found.map((r) => ({ path: r.item, positions: [...r.positions].sort((a, b) => a - b) }));
    },
  };
}

const depth = (path: string) => {
  let n = 0;
  for (let i = path.indexOf("/"); i !== -1 && i < path.length - 1; i = path.indexOf("/", i + 1)) n++;
  return n;
};

/** The `limit` paths nearest the top (fewest folders, then shortest) of paths sorted by length, in one pass. */
function shallowest(byLength: readonly string[], limit: number): string[] {
  const best: { path: string; depth: number }[] = [];
  for (const path of byLength) {
    const d = depth(path);
    if (best.length === limit && d >= (best.at(-1)?.depth ?? 0)) continue;
    // Sorted by length already: among equal depths the earlier (shorter) one stays first.
    let at = best.length;
    while (at > 0 && (best[at - 1]?.depth ?? 0) > d) at--;
    best.splice(at, 0, { path, depth: d });
    if (best.length > limit) best.pop();
  }
  return best.map((b) => b.path);
}

function isSubsequence(query: string, text: string): boolean {
  let at = 0;
  for (const ch of query) {
    at = text.indexOf(ch, at);
    if (at === -1) return false;
    at += ch.length;
  }
  return true;
}
