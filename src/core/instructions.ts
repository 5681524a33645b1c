/**
 * Project instructions: AGENTS.md files the user wrote for agents. Read, in this order:
 *   1. `${home}/AGENTS.md` (global, TANDEM_HOME);
 *   2. each directory from the git repository root (the nearest ancestor of `cwd` holding `.git`; without
 *      one, just `cwd`) down to `cwd`: its AGENTS.md, or its CLAUDE.md when it has no AGENTS.md.
 * More specific files come later, so they read as refinements. The whole is capped at `maxBytes`: files
 * past the cap are cut or left out, and a note says which.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";

export interface InstructionsOptions {
  cwd: string;
  /** TANDEM_HOME, for the global AGENTS.md. Optional. */
  home?: string;
  /** Cap on the instruction text (UTF-8 bytes). Default 32 KiB. */
  maxBytes?: number;
}

/** The instruction files that apply to `cwd`, in prompt order. */
export async function findInstructionFiles(options: InstructionsOptions): Promise<string[]> {
  const files: string[] = [];
  if (options.home) {
    const global = join(resolve(options.home), "AGENTS.md");
    if (existsSync(global)) files.push(global);
  }
  const cwd = resolve(options.cwd);
  const dirs: string[] = [];
  let dir = cwd;
  let root: string | undefined;
  while (true) {
    dirs.unshift(dir);
    if (existsSync(join(dir, ".git"))) {
      root = dir;
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const d of root ? dirs : [cwd]) {
    for (const name of ["AGENTS.md", "CLAUDE.md"]) {
      const path = join(d, name);
      if (existsSync(path) && !files.includes(path)) {
        files.push(path);
        break;
      }
    }
  }
  return files;
}

/** The text to append to the system prompt; "" when there are no instruction files. */
export async function loadInstructions(options: InstructionsOptions): Promise<string> {
  const maxBytes = options.maxBytes ?? 32 * 1024;
  const files = await findInstructionFiles(options);
  const sections: string[] = [];
  const cut: string[] = [];
  let used = 0;
  for (const path of files) {
    const text = (await readFile(path, "utf8").catch(() => "")).trim();
    if (!text) continue;
    const label = labelFor(path, options);
    const heading = `## ${label}\n\n`;
    const size = Buffer.byteLength(heading) + Buffer.byteLength(text);
    if (used + size <= maxBytes) {
      sections.push(`${heading}${text}`);
      used += size;
      continue;
    }
    const room = maxBytes - used - Buffer.byteLength(heading);
    if (room > 200) {
      sections.push(
        `${heading}${Buffer.from(text)
          .subarray(0, room)
          .toString("utf8")
          .replace(/\uFFFD$/, "")}`,
      );
      used = maxBytes;
    }
    cut.push(label);
  }
  if (sections.length === 0) return "";
  let out = `# Project instructions\n\nThe user's instructions for this project (later files are more specific).\n\n${sections.join("\n\n")}`;
  if (cut.length > 0) {
    out += `\n\n[Instructions were capped at ${maxBytes} bytes; cut or left out: ${cut.join(", ")}. Read those files if you need the rest.]`;
  }
  return out;
}

function labelFor(path: string, options: InstructionsOptions): string {
  if (options.home && path === join(resolve(options.home), "AGENTS.md")) return `${path} (global)`;
  const rel = relative(resolve(options.cwd), path);
  return rel && !rel.startsWith("..") ? rel : path;
}
