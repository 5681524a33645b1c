/**
 * Finding and running ripgrep for the search tools. Detection runs `rg --version` once per binary path and
 * caches the answer for the process. Runs pass `--no-config` so a user's RIPGREP_CONFIG_PATH cannot change the
 * output format we parse.
 */

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { messageOf } from "../util/message-of.ts";
import { outerIgnores } from "../util/outer-ignores.ts";

/** Which implementation a search tool uses. `auto`: ripgrep when installed, else the built-in walker. */
export type SearchBackend = "auto" | "ripgrep" | "builtin";

export interface SearchBackendOptions {
  /** Default `auto`. `builtin` forces the fallback (tests, or a broken rg). */
  backend?: SearchBackend;
  /** The ripgrep binary. Default `rg` on PATH. */
  rgPath?: string;
}

const available = new Map<string, boolean>();

export function ripgrepAvailable(rgPath = "rg"): boolean {
  let ok = available.get(rgPath);
  if (ok === undefined) {
    const r = spawnSync(rgPath, ["--version"], { stdio: ["ignore", "pipe", "ignore"], timeout: 5_000 });
    ok = r.status === 0;
    available.set(rgPath, ok);
  }
  return ok;
}

/** Resolves the backend to use; `ripgrep` asked for but missing falls back to `builtin`, which always works. */
export function pickBackend(options: SearchBackendOptions): "ripgrep" | "builtin" {
  if (options.backend === "builtin") return "builtin";
  return ripgrepAvailable(options.rgPath) ? "ripgrep" : "builtin";
}

/** Flags shared by grep and find: hidden files in, .gitignore honoured even outside a git repo, `.git` out. */
export const RG_COMMON_FLAGS = ["--no-config", "--hidden", "--no-require-git", "--glob", "!.git"];

export interface RipgrepRun {
  /** rg's exit code: 0 found, 1 nothing found, 2 error. Null when we stopped it. */
  code: number | null;
  stderr: string;
  /** True when `onLine` asked to stop (or the signal aborted) and rg was killed. */
  stopped: boolean;
}

/**
 * The rules from outside `cwd` (a parent repository's `.gitignore` files and `info/exclude`) as rg flags. rg
 * finds them itself only up to the first `.git` above, and an empty `.git` folder (a placeholder an older tandem
 * left) stops it at the workspace; so rg is told not to look, and gets them from us, rewritten relative to `cwd`
 * (`--ignore-file` patterns are relative to rg's working folder and rank below every .gitignore in the tree).
 */
function outerIgnoreFlags(cwd: string): { flags: string[]; cleanup(): void } {
  const flags = ["--no-ignore-parent", "--no-ignore-exclude"];
  const { relative } = outerIgnores(cwd);
  if (relative === "") return { flags, cleanup() {} };
  const dir = mkdtempSync(join(tmpdir(), "tandem-rg-"));
  writeFileSync(join(dir, "outer-ignore"), `${relative}\n`);
  return {
    flags: [...flags, "--ignore-file", join(dir, "outer-ignore")],
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Runs rg in `cwd` (the rules of a repository `cwd` is inside apply, see outerIgnoreFlags), calling `onLine` per
 * stdout line; `"stop"` kills rg early. Never rejects.
 */
export function runRipgrep(
  rgPath: string,
  args: string[],
  cwd: string,
  signal: AbortSignal | undefined,
  onLine: (line: string) => "stop" | undefined,
  /** What ends a record: "\n" (default) for lines, "\0" with `--null` (names may hold newlines). */
  separator: "\n" | "\0" = "\n",
): Promise<RipgrepRun> {
  return new Promise((resolve) => {
    let outer: { flags: string[]; cleanup(): void };
    try {
      outer = outerIgnoreFlags(cwd);
    } catch (error) {
      resolve({
        code: 2,
        stderr: `could not prepare ignore rules: ${messageOf(error)}`,
        stopped: false,
      });
      return;
    }
    const child = spawn(rgPath, [...outer.flags, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    child.once("close", () => outer.cleanup());
    let stderr = "";
    let stopped = false;
    const stop = () => {
      if (stopped) return;
      stopped = true;
      child.kill("SIGKILL");
    };
    const onAbort = () => stop();
    signal?.addEventListener("abort", onAbort, { once: true });
    child.stderr.on("data", (d: Buffer) => {
      if (stderr.length < 8_000) stderr += d.toString("utf8");
    });
    const deliver = (line: string) => {
      if (!stopped && onLine(line) === "stop") stop();
    };
    if (separator === "\n") {
      createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY }).on("line", deliver);
    } else {
      let rest = "";
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", (chunk: string) => {
        const parts = (rest + chunk).split(separator);
        rest = parts.pop() ?? "";
        for (const part of parts) deliver(part);
      });
      child.stdout.on("end", () => {
        if (rest !== "") deliver(rest);
      });
    }
    child.once("error", (error) => {
      outer.cleanup();
      signal?.removeEventListener("abort", onAbort);
      resolve({ code: 2, stderr: `could not run ${rgPath}: ${error.message}`, stopped });
    });
    child.once("close", (code) => {
      signal?.removeEventListener("abort", onAbort);
      resolve({ code: stopped ? null : code, stderr: stderr.trim(), stopped });
    });
  });
}
