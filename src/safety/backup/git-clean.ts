/**
 * `git clean`: the exact list of what it would delete, from git itself (the same flags plus `-n`), so ignored files
 * (-x/-X), directories (-d) and nested repositories (-ff) are counted exactly as git will treat them.
 */
import path from "node:path";
import { processGit, type UserGit } from "./repo.ts";
import { describePath } from "./trash.ts";
import type { PathInfo } from "./types.ts";

export interface GitCleanInspection {
  /** Paths as git prints them (relative to cwd; directories end with "/"), with their contents counted. */
  paths: PathInfo[];
  totals: { files: number; bytes: number };
}

/**
 * Turns `git clean` arguments into a dry run: drops -i/--interactive (it would wait for input) and -q/--quiet (it
 * would hide the list), adds -n. Values of -e/--exclude are kept intact.
 */
export function dryRunArgs(args: string[]): string[] {
  const out: string[] = [];
  let afterDashDash = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (afterDashDash || arg === "--") {
      afterDashDash = true;
      out.push(arg);
    } else if (arg === "-e" || arg === "--exclude") {
      out.push(arg, args[++i] ?? "");
    } else if (arg.startsWith("--")) {
      if (arg !== "--interactive" && arg !== "--quiet") out.push(arg);
    } else if (arg.startsWith("-") && arg.length > 1) {
      let flags = "";
      for (let j = 1; j < arg.length; j++) {
        const ch = arg[j];
        if (ch === "e") {
          // -e takes the rest of the cluster, or the next argument, as its value.
          if (flags) out.push(`-${flags}`);
          flags = "";
          const rest = arg.slice(j + 1);
          out.push("-e", rest || (args[++i] ?? ""));
          break;
        }
        if (ch !== "i" && ch !== "q") flags += ch;
      }
      if (flags) out.push(`-${flags}`);
    } else {
      out.push(arg);
    }
  }
  const end = out.indexOf("--");
  if (end >= 0) out.splice(end, 0, "-n");
  else out.push("-n");
  return out;
}

/** Runs `git clean <args> -n` in cwd; `args` are the command's own arguments after `clean`. */
export async function inspectGitClean(
  cwd: string,
  args: string[],
  git: UserGit = processGit,
): Promise<GitCleanInspection> {
  const result = await git.run(cwd, ["clean", ...dryRunArgs(args)]);
  const paths: PathInfo[] = [];
  const totals = { files: 0, bytes: 0 };
  for (const line of result.stdout.split("\n")) {
    if (!line.startsWith("Would remove ")) continue;
    const printed = unquote(line.slice("Would remove ".length));
    const info = await describePath(cwd, printed.replace(/\/$/, ""));
    if (!info) continue;
    info.path = printed;
    info.absolute = path.resolve(cwd, printed);
    paths.push(info);
    totals.files += info.files;
    totals.bytes += info.bytes;
  }
  return { paths, totals };
}

/** Undoes git's C-style quoting of unusual paths ("a\\tb", "\\303\\251"). */
export function unquote(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"')) return text;
  const bytes: number[] = [];
  const body = text.slice(1, -1);
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '"': 34, "\\": 92 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] ?? "";
    if (ch !== "\\") {
      bytes.push(...Buffer.from(ch, "utf8"));
      continue;
    }
    const next = body[i + 1] ?? "";
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString("utf8");
}
