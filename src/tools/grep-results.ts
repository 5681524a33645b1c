import { clip } from "../util/clip.ts";
/**
 * Collects grep hits from either backend under one cap, and renders them for the model, grouped by file:
 *
 *     src/app.ts
 *     12: const x = match
 *     13- context line
 *
 * `N:` marks a matching line, `N-` a context line (grep's convention).
 */

export interface GrepLine {
  line: number;
  text: string;
  match: boolean;
}

export interface GrepFile {
  path: string;
  lines: GrepLine[];
}

export interface GrepCollectorOptions {
  /** Matching lines shown. */
  maxResults: number;
  /** Context lines around each match (to keep the shown matches' trailing context). */
  context: number;
  /** Characters per line at most, the "…" of a cut line included. */
  maxLineChars: number;
  /** Counting stops here; the footer then says "more than". */
  countLimit: number;
}

export interface GrepSummary {
  files: GrepFile[];
  shown: number;
  total: number;
  /** False when counting stopped at `countLimit`. */
  totalExact: boolean;
  filesWithMatches: number;
}

export interface GrepCollector {
  /** Adds one line; `"stop"` means counting is over and the backend may quit. */
  add(path: string, line: number, text: string, match: boolean): "stop" | undefined;
  summary(): GrepSummary;
}

export function createGrepCollector(options: GrepCollectorOptions): GrepCollector {
  const files: GrepFile[] = [];
  const matchedPaths = new Set<string>();
  let shown = 0;
  let total = 0;
  let stopped = false;
  let last: GrepFile | undefined;
  let lastMatchLine = 0;

  const store = (path: string, line: number, text: string, match: boolean) => {
    if (!last || last.path !== path) {
      last = { path, lines: [] };
      files.push(last);
    }
    const clipped = clip(text, options.maxLineChars);
    last.lines.push({ line, text: clipped, match });
  };

  return {
    add(path, line, text, match) {
      if (stopped) return "stop";
      if (match) {
        total++;
        matchedPaths.add(path);
        if (shown < options.maxResults) {
          store(path, line, text, true);
          shown++;
          lastMatchLine = line;
        }
        if (total >= options.countLimit) {
          stopped = true;
          return "stop";
        }
        return undefined;
      }
      // Context: all of it while under the cap; past it, only the trailing context of the last shown match.
      if (shown < options.maxResults) store(path, line, text, false);
      else if (last?.path === path && line > lastMatchLine && line <= lastMatchLine + options.context) {
        store(path, line, text, false);
      }
      return undefined;
    },
    summary() {
      // A file can end up with only context lines (before-context of a match that fell past the cap).
      const kept = files.filter((f) => f.lines.some((l) => l.match));
      return { files: kept, shown, total, totalExact: !stopped, filesWithMatches: matchedPaths.size };
    },
  };
}

export function formatGrep(summary: GrepSummary, pattern: string, where: string): string {
  if (summary.total === 0) return `No matches for /${pattern}/ in ${where}.`;
  const blocks = summary.files.map((f) => {
    return [f.path, ...f.lines.map((l) => `${l.line}${l.match ? ":" : "-"} ${l.text}`)].join("\n");
  });
  let out = blocks.join("\n\n");
  if (summary.shown < summary.total || !summary.totalExact) {
    const total = summary.totalExact ? `${summary.total}` : `more than ${summary.total}`;
    const files = summary.totalExact ? ` in ${summary.filesWithMatches} files` : "";
    out += `\n\n[showing ${summary.shown} of ${total} matches${files}; narrow the pattern, path or glob, or raise max_results]`;
  }
  return out;
}
