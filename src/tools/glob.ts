/**
 * Glob matching with ripgrep's `--glob` semantics, so both search backends agree: a pattern without `/`
 * matches a file's name at any depth (`*.ts`), one with `/` matches the path relative to the search root
 * (`src/**\/*.ts`). Supports `*`, `**`, `?`, `[abc]`, `[!abc]` and `{a,b}`. Dotfiles are not special (the
 * search tools include hidden files). Written here because Node's `path.matchesGlob` is still experimental.
 */

export interface GlobMatcher {
  /** `relPath` is relative to the search root, with `/` separators. */
  matches(relPath: string): boolean;
}

export function compileGlob(pattern: string): GlobMatcher {
  const cleaned = pattern.replace(/^\.\//, "").replace(/^\//, "");
  const nameOnly = !cleaned.includes("/");
  // `s`: a `**` spans names holding a newline too.
  const regex = new RegExp(`^${globToRegExpSource(cleaned)}$`, "s");
  return {
    matches(relPath) {
      const target = nameOnly ? relPath.slice(relPath.lastIndexOf("/") + 1) : relPath;
      return regex.test(target);
    },
  };
}

export function globToRegExpSource(glob: string): string {
  let out = "";
  let braceDepth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? "";
    if (c === "*") {
      if (glob[i + 1] === "*") {
        const atStart = i === 0 || glob[i - 1] === "/";
        if (atStart && glob[i + 2] === "/") {
          out += "(?:.*/)?"; // `**/`: zero or more folders
          i += 2;
        } else {
          out += ".*";
          i += 1;
        }
      } else {
        out += "[^/]*";
      }
    } else if (c === "?") {
      out += "[^/]";
    } else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end === -1) {
        out += "\\[";
      } else {
        let body = glob.slice(i + 1, end).replace(/\\/g, "\\\\");
        if (body.startsWith("!")) body = `^${body.slice(1)}`;
        out += `[${body}]`;
        i = end;
      }
    } else if (c === "{") {
      braceDepth++;
      out += "(?:";
    } else if (c === "}" && braceDepth > 0) {
      braceDepth--;
      out += ")";
    } else if (c === "," && braceDepth > 0) {
      out += "|";
    } else if (c === "\\" && i + 1 < glob.length) {
      out += escapeChar(glob[i + 1] ?? "");
      i++;
    } else {
      out += escapeChar(c);
    }
  }
  return out + ")".repeat(braceDepth);
}

function escapeChar(c: string): string {
  return /[.+^$()|[\]{}\\/]/.test(c) ? `\\${c}` : c;
}
