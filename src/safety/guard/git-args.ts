/** Small argv helpers for the guard: where a git subcommand starts, its operands, and a push's target. */
import { processGit, type UserGit } from "../backup/repo.ts";

/** Options of git itself that take a separate value (`git -C dir reset`). */
const GIT_VALUE_OPTIONS = new Set(["-C", "-c", "--git-dir", "--work-tree", "--namespace", "--exec-path"]);

/** Arguments after the git subcommand `sub` (`["--hard"]` for `git -C x reset --hard`); null if absent. */
export function gitSubArgs(argv: string[], sub: string): string[] | null {
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i] ?? "";
    if (GIT_VALUE_OPTIONS.has(word)) {
      i++;
      continue;
    }
    if (word.startsWith("-")) continue;
    return word === sub ? argv.slice(i + 1) : null;
  }
  return null;
}

/** Non-option words, honouring `--`; `valueOptions` consume the next word. */
export function operands(args: string[], valueOptions: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  let rest = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i] ?? "";
    if (rest) out.push(word);
    else if (word === "--") rest = true;
    else if (valueOptions.has(word)) i++;
    else if (!word.startsWith("-") || word === "-") out.push(word);
  }
  return out;
}

/** Trimmed stdout of a hardened git call in the user's repository; null when git fails. */
export async function gitOrNull(git: UserGit, cwd: string, args: string[]): Promise<string | null> {
  try {
    return await git.out(cwd, args, { timeoutMs: 10_000 });
  } catch {
    return null;
  }
}

const PUSH_VALUE_OPTIONS = new Set(["--repo", "-o", "--push-option", "--receive-pack", "--exec"]);

export interface PushTarget {
  remote: string;
  branch: string;
  /** The local ref or commit pushed. */
  localRef: string;
}

/**
 * The remote branches a `git push` would write. Without operands: the current branch's upstream (or
 * `origin` and the same name). `HEAD`, `src:dst` and a leading `+` are understood; anything else is
 * returned as given.
 */
export async function pushTargets(
  cwd: string,
  pushArgs: string[],
  git: UserGit = processGit,
): Promise<PushTarget[]> {
  const words = operands(pushArgs, PUSH_VALUE_OPTIONS);
  const current = (await gitOrNull(git, cwd, ["symbolic-ref", "--quiet", "--short", "HEAD"])) ?? "HEAD";
  let remote = words[0];
  if (!remote) {
    remote = (await gitOrNull(git, cwd, ["config", `branch.${current}.remote`])) ?? "origin";
    const merge = await gitOrNull(git, cwd, ["config", `branch.${current}.merge`]);
    const branch = merge ? merge.replace(/^refs\/heads\//, "") : current;
    return [{ remote, branch, localRef: current }];
  }
  const specs = words.slice(1);
  if (specs.length === 0) {
    const merge = await gitOrNull(git, cwd, ["config", `branch.${current}.merge`]);
    return [{ remote, branch: merge ? merge.replace(/^refs\/heads\//, "") : current, localRef: current }];
  }
  return specs.map((raw) => {
    const spec = raw.replace(/^\+/, "");
    const [src = "", dst] = spec.includes(":") ? spec.split(":", 2) : [spec, undefined];
    const local = src === "HEAD" || src === "" ? current : src;
    const branch = (dst ?? local).replace(/^refs\/heads\//, "");
    return { remote: remote as string, branch, localRef: local };
  });
}
