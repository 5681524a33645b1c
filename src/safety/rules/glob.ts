/**
 * Globs for permission rules. For commands, `*` matches anything (spaces and slashes too) and `?` one
 * character: `npm test*` matches `npm test -- --run`. For paths, `*` stays within one path segment, `**`
 * crosses segments: `src/**` matches `src/a/b.ts`, `*.env` does not match `config/.env`.
 */
const cache = new Map<string, RegExp>();

function escapeChar(ch: string): string {
  return /[\\^$.|+()[\]{}]/.test(ch) ? `\\${ch}` : ch;
}

export function globToRegExp(glob: string, kind: "command" | "path"): RegExp {
  const key = `${kind}\0${glob}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === "*") {
      const double = glob[i + 1] === "*";
      if (double) i++;
      if (kind === "command" || double) {
        // `src/**/x` also matches `src/x`.
        if (kind === "path" && glob[i + 1] === "/") {
          source += "(?:.*/)?";
          i++;
        } else source += ".*";
      } else source += "[^/]*";
    } else if (ch === "?") source += kind === "command" ? "." : "[^/]";
    else source += escapeChar(ch);
  }
  const re = new RegExp(`^${source}$`, "s");
  cache.set(key, re);
  return re;
}

export function globMatch(glob: string, text: string, kind: "command" | "path"): boolean {
  return globToRegExp(glob, kind).test(text);
}
