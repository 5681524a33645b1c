import { clip } from "../util/clip.ts";

/**
 * Whether a git config file written inside the sandbox is safe for git to read on the host: only keys from a
 * short allowlist (what `git init` and `git clone` write) pass, so every spelling of a program-running key
 * (core.fsmonitor, filters, diff drivers, sshCommand, pager, hooksPath, includes, aliases, uploadpack, ...) and
 * anything the parser does not understand counts as unsafe. Conservative by design: a false alarm moves a file
 * aside, a miss runs a program.
 */

/** `section.key` or `section.*.key` (any subsection), lower case. */
const SAFE_KEYS = new Set([
  "core.repositoryformatversion",
  "core.filemode",
  "core.bare",
  "core.logallrefupdates",
  "core.ignorecase",
  "core.precomposeunicode",
  "core.symlinks",
  "core.worktree",
  "core.autocrlf",
  "core.eol",
  "extensions.objectformat",
  "init.defaultbranch",
  "user.name",
  "user.email",
  "remote.*.url",
  "remote.*.fetch",
  "branch.*.remote",
  "branch.*.merge",
  "submodule.*.url",
  "submodule.*.active",
]);

const HEADER = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]\s*(?:[#;].*)?$/;
const ENTRY = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=.*)?$/;

/**
 * What in `text` is not plainly an allowlisted key (at most `limit`), as `section.key` or the raw line; empty
 * means safe.
 */
export function unsafeConfigLines(text: string, limit = 3): string[] {
  const unsafe: string[] = [];
  let section: string | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = HEADER.exec(line);
    if (header?.[1]) {
      const name = header[1].toLowerCase();
      // `[remote "x"]` and the old `[remote.x]` both mean a subsection.
      section = header[2] !== undefined || name.includes(".") ? `${name.split(".")[0]}.*` : name;
      continue;
    }
    const key = ENTRY.exec(line)?.[1]?.toLowerCase();
    const name = key && section ? `${section.replace(".*", "")}.${key}` : undefined;
    // A trailing backslash continues the value on the next line, which this parser does not follow.
    const ok = key && section && !line.endsWith("\\") && SAFE_KEYS.has(`${section}.${key}`);
    if (!ok) unsafe.push(name ?? clip(line, 60));
    if (unsafe.length >= limit) break;
  }
  return unsafe;
}
