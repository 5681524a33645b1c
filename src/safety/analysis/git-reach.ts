/**
 * Where a git command reaches beyond the repository in the workspace, and what it runs: a repository outside
 * the workspace (`git -C /other commit`, `--git-dir`, `--work-tree`), files it writes (`git bundle create FILE`,
 * `git config --global`), and commands it runs (`git submodule foreach CMD`, `git bisect run CMD`,
 * `git difftool`). Options that write or run (`--output`, `-x`) are in option-effects.ts.
 */
import { gitListing, READ_SUBCOMMANDS } from "./git.ts";
import type { PathPlace } from "./paths.ts";
import type { CommandRule, RuleContext } from "./rule-types.ts";
import type { Arg } from "./types.ts";

const ops = (ctx: RuleContext) => ctx.parsed.operands;
const sub = (ctx: RuleContext) => ops(ctx)[0]?.text ?? "";

const reads = (ctx: RuleContext) => READ_SUBCOMMANDS.includes(sub(ctx)) || gitListing(ctx);

/** Where a changing git command acts: its directory (after `-C`) and any `--git-dir`/`--work-tree`. */
function reachPlaces(ctx: RuleContext): PathPlace[] {
  if (reads(ctx) || ops(ctx).length === 0) return [];
  const dirs: Arg[] = [...(ctx.gitDirs ?? [])];
  dirs.push(ctx.cwd === undefined ? { text: "<cd>", literal: false } : { text: ctx.cwd, literal: true });
  return dirs.map((d) => ctx.paths.place(d));
}

/**
 * Files a git command writes besides the repository: `bundle create FILE`, `config --file FILE`, the directory
 * of `clone`, `init` and `worktree add`.
 */
function gitFiles(ctx: RuleContext): Arg[] {
  const s = sub(ctx);
  if (s === "bundle" && ops(ctx)[1]?.text === "create") return ops(ctx).slice(2, 3);
  // The directory a new repository or work tree goes to.
  if (s === "clone") return ops(ctx).slice(2, 3);
  if (s === "init") return ops(ctx).slice(1, 2);
  if (s === "worktree" && ops(ctx)[1]?.text === "add") return ops(ctx).slice(2, 3);
  if (s !== "config" || gitListing(ctx)) return [];
  const at = ctx.args.findIndex(
    (a) => a.text === "-f" || a.text === "--file" || a.text.startsWith("--file="),
  );
  const given = ctx.args[at];
  if (!given) return [];
  if (given.text.startsWith("--file=")) return [{ text: given.text.slice(7), literal: given.literal }];
  return ctx.args.slice(at + 1, at + 2);
}

function outsideFiles(ctx: RuleContext): boolean {
  const userConfig = ctx.parsed.long.has("global") || ctx.parsed.long.has("system");
  if (sub(ctx) === "config" && userConfig && !gitListing(ctx)) return true;
  return gitFiles(ctx).some((a) => ctx.paths.place(a) === "outside");
}

export interface GitRun {
  via: string;
  /** The command as words (`bisect run CMD ARGS`). */
  argv?: Arg[];
  /** The command as shell source (`submodule foreach 'CMD'`, evaluated by the shell). */
  source?: string;
}

/** The command a git subcommand runs itself: `submodule foreach CMD`, `bisect run CMD`. */
export function gitRunsCommand(ctx: RuleContext): GitRun | undefined {
  const words = ops(ctx);
  if (sub(ctx) === "submodule") {
    const at = words.findIndex((a) => a.literal && a.text === "foreach");
    const rest = at < 0 ? [] : ctx.args.slice(ctx.args.indexOf(words[at] as Arg) + 1);
    const code = rest.filter((a) => !(a.literal && a.text === "--recursive"));
    if (code.length === 0) return undefined;
    return code.every((a) => a.literal)
      ? { via: "git submodule foreach", source: code.map((a) => a.text).join(" ") }
      : { via: "git submodule foreach", argv: code };
  }
  if (sub(ctx) === "bisect" && words[1]?.literal && words[1].text === "run") {
    const rest = ctx.args.slice(ctx.args.indexOf(words[1]) + 1);
    return rest.length > 0 ? { via: "git bisect run", argv: rest } : undefined;
  }
  return undefined;
}

export const GIT_REACH_RULES: CommandRule[] = [
  {
    name: "git-difftool",
    commands: ["git"],
    sub: ["difftool"],
    when: (ctx) => !ctx.args.some((a) => a.text === "--tool-help"),
    risk: "unknown",
    reason: "git difftool: runs a diff tool",
    examples: ["git difftool HEAD~1", "git difftool -y --tool=meld"],
    notExamples: ["git difftool --tool-help", "git diff HEAD~1"],
  },
  {
    name: "git-outside-workspace",
    commands: ["git"],
    when: (ctx) => reachPlaces(ctx).includes("outside"),
    risk: "destructive",
    reason: "git changes a repository outside the workspace (checkpoints cannot restore it)",
    examples: [
      "git -C /srv/other commit -am x",
      "git --git-dir=/srv/other/.git reset --soft HEAD~1",
      "git --work-tree=/srv/site checkout main -- .",
      "cd /srv/other && git add -A",
    ],
    notExamples: ["git -C /etc log", "git -C sub commit -m x", "git -C /tmp/x init"],
  },
  {
    name: "git-unresolved-repository",
    commands: ["git"],
    when: (ctx) => {
      const places = reachPlaces(ctx);
      return places.includes("unresolved") && !places.includes("outside");
    },
    risk: "unknown",
    reason: "git changes a repository whose location is computed at run time",
    examples: ['git -C "$DIR" commit -am x', 'cd "$D" && git add .'],
    notExamples: ['git -C "$DIR" log'],
  },
  {
    name: "git-file-outside",
    commands: ["git"],
    when: outsideFiles,
    risk: "destructive",
    reason:
      "git writes outside the workspace (a bundle, a new repository or work tree, or the user's or system git config)",
    examples: [
      "git bundle create ~/repo.bundle --all",
      "git config --global core.pager less",
      "git config --system core.editor vim",
      "git config --file ~/.gitconfig alias.x '!rm -rf ~'",
      "git clone https://example.com/r.git ../r",
      "git init ~/scratch-repo",
      "git worktree add ../feature",
    ],
    notExamples: [
      "git bundle create repo.bundle --all",
      "git config --global --get user.name",
      "git clone https://example.com/r.git vendor/r",
      "git worktree add /tmp/wt",
    ],
  },
];
