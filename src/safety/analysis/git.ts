/**
 * git's subcommand rules (global options are stripped first, in git-options.ts). Unlisted subcommands (and
 * aliases) are unknown; a `-c` setting that makes git run a program we cannot see is unknown too.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { hasFlag } from "./args.ts";
import type { CommandRule, RuleContext } from "./rule-types.ts";

const ops = (ctx: RuleContext) => ctx.parsed.operands;
const sub = (ctx: RuleContext) => ops(ctx)[0]?.text;

/** `git checkout <paths>`: `--`, `.`, a glob, or an operand that exists as a file discards its changes. */
function checkoutDiscards(ctx: RuleContext): boolean {
  if (ctx.parsed.short.has("b") || ctx.parsed.short.has("B") || hasFlag(ctx.parsed, ["--orphan"]))
    return false;
  if (ctx.parsed.short.has("f") || hasFlag(ctx.parsed, ["--force"])) return true;
  if (ctx.args.some((a) => a.text === "--")) return true;
  return ops(ctx)
    .slice(1)
    .some((a) => {
      if (!a.literal) return true;
      if (a.text === "." || /[*?[]/.test(a.text)) return true;
      return ctx.cwd !== undefined && existsSync(resolve(ctx.cwd, a.text));
    });
}

export function gitListing(ctx: RuleContext): boolean {
  const s = sub(ctx);
  const rest = ops(ctx).slice(1);
  const listFlag = [
    "-l",
    "--list",
    "-a",
    "--all",
    "-r",
    "--remotes",
    "-v",
    "-vv",
    "--show-current",
    "--contains",
    "--merged",
    "--no-merged",
    "-n",
  ];
  if (s === "branch" || s === "tag")
    return rest.length === 0
      ? !ctx.args.some((a) =>
          /^-(d|D|m|M|c|C|f|u)$|^--(delete|move|copy|force|set-upstream-to|unset-upstream|edit-description)/.test(
            a.text,
          ),
        )
      : ctx.args.some((a) => listFlag.includes(a.text));
  if (s === "stash") return ["list", "show"].includes(rest[0]?.text ?? "");
  if (s === "remote") return rest.length === 0 || ["show", "get-url", "-v"].includes(rest[0]?.text ?? "");
  if (s === "config")
    return (
      ctx.args.some((a) => /^(--get|--get-all|--get-regexp|--list|-l)$/.test(a.text)) ||
      (rest.length === 1 && !ctx.args.some((a) => a.text.startsWith("--unset") || a.text === "--add"))
    );
  if (s === "worktree") return rest[0]?.text === "list";
  if (s === "reflog") return rest.length === 0 || rest[0]?.text === "show";
  if (s === "clean") return ctx.parsed.short.has("n") || hasFlag(ctx.parsed, ["--dry-run"]);
  return false;
}

export const READ_SUBCOMMANDS = [
  "status",
  "log",
  "diff",
  "show",
  "rev-parse",
  "ls-files",
  "ls-tree",
  "blame",
  "describe",
  "shortlog",
  "cat-file",
  "grep",
  "merge-base",
  "name-rev",
  "rev-list",
  "for-each-ref",
  "show-ref",
  "count-objects",
  "check-ignore",
  "check-attr",
  "whatchanged",
  "help",
  "version",
  "fsck",
  "show-branch",
  "var",
  "ls-remote",
  "cherry",
  "range-diff",
  "annotate",
  "verify-commit",
  "verify-tag",
];
const WRITE_SUBCOMMANDS = [
  "add",
  "commit",
  "fetch",
  "pull",
  "merge",
  "switch",
  "init",
  "clone",
  "mv",
  "cherry-pick",
  "revert",
  "am",
  "apply",
  "rebase",
  "notes",
  "submodule",
  "bisect",
  "worktree",
  "restore",
  "rm",
  "gc",
  "remote",
  "config",
  "tag",
  "branch",
  "stash",
  "push",
  "checkout",
  "reset",
  "sparse-checkout",
  "maintenance",
  "format-patch",
  "archive",
  "bundle",
  "lfs",
  "mergetool",
  "replace",
  "repack",
  "pack-refs",
  "update-index",
];

export const GIT_RULES: CommandRule[] = [
  {
    name: "git-config-runs-program",
    commands: ["git"],
    when: (ctx) => ctx.gitRunsConfig !== undefined,
    risk: "unknown",
    reason: "git -c: a setting that makes git run a program",
    examples: [
      "git -c core.fsmonitor=./x status",
      "git -c filter.x.clean=./x add .",
      "git -c include.path=../evil.cfg log",
      "git --config-env=core.pager=EVIL log",
      "git --exec-path=/tmp/x status",
      "git -c credential.helper=./x fetch",
    ],
    notExamples: ["git -c color.ui=always log", "git -c pager.log=false log", "git --exec-path"],
  },
  {
    name: "git-read",
    commands: ["git"],
    when: (ctx) => READ_SUBCOMMANDS.includes(sub(ctx) ?? ""),
    risk: "read-only",
    reason: "git: reads the repository",
    examples: ["git status", "git log --oneline -5", "git diff HEAD~1", "git -C sub show HEAD"],
  },
  {
    name: "git-write",
    commands: ["git"],
    when: (ctx) => WRITE_SUBCOMMANDS.includes(sub(ctx) ?? "") && !gitListing(ctx),
    risk: "write",
    reason: "git: changes the repository (restorable from checkpoints and the reflog)",
    examples: [
      "git add -A",
      'git commit -m "rm -rf /"',
      "git checkout -b feature",
      "git pull --rebase",
      "git push",
    ],
  },
  {
    name: "git-list",
    commands: ["git"],
    when: gitListing,
    risk: "read-only",
    reason: "git: lists branches, tags, stashes, remotes or settings",
    examples: [
      "git branch",
      "git branch -a",
      "git tag -l",
      "git stash list",
      "git remote -v",
      "git config --get user.name",
      "git clean -n",
    ],
  },
  {
    name: "git-reset-hard",
    commands: ["git"],
    sub: ["reset"],
    anyFlag: ["--hard", "--merge"],
    risk: "destructive",
    reason: "git reset --hard: discards uncommitted changes",
    examples: ["git reset --hard", "git reset --hard HEAD~1", "git -C .. reset --hard origin/main"],
    notExamples: ["git reset HEAD file.ts", "git reset --soft HEAD~1"],
  },
  {
    name: "git-checkout-paths",
    commands: ["git"],
    sub: ["checkout"],
    when: checkoutDiscards,
    risk: "destructive",
    reason: "git checkout <paths>: discards uncommitted changes to those paths",
    examples: [
      "git checkout -- .",
      "git checkout .",
      "git checkout -- src/a.ts",
      "git checkout -f main",
      "git checkout HEAD -- '*.ts'",
    ],
    notExamples: ["git checkout -b new-branch", "git checkout main"],
  },
  {
    name: "git-restore-worktree",
    commands: ["git"],
    sub: ["restore"],
    when: (ctx) =>
      !(ctx.parsed.short.has("S") || hasFlag(ctx.parsed, ["--staged"])) ||
      ctx.parsed.short.has("W") ||
      hasFlag(ctx.parsed, ["--worktree"]),
    risk: "destructive",
    reason: "git restore: discards uncommitted changes in the work tree",
    examples: ["git restore .", "git restore src/a.ts", "git restore --staged --worktree ."],
    notExamples: ["git restore --staged a.ts"],
  },
  {
    name: "git-switch-discard",
    commands: ["git"],
    sub: ["switch"],
    anyFlag: ["--discard-changes", "-f", "--force"],
    risk: "destructive",
    reason: "git switch --discard-changes: discards uncommitted changes",
    examples: ["git switch -f main", "git switch --discard-changes main"],
    notExamples: ["git switch main"],
  },
  {
    name: "git-clean",
    commands: ["git"],
    sub: ["clean"],
    noFlag: ["-n", "--dry-run"],
    risk: "destructive",
    reason: "git clean: deletes untracked files",
    examples: ["git clean -fdx", "git clean -f", "git clean -xfd", "git clean -ffdx", "git clean --force -d"],
    notExamples: ["git clean -n", "git clean --dry-run -d"],
  },
  {
    name: "git-push-force",
    commands: ["git"],
    sub: ["push"],
    when: (ctx) =>
      ctx.parsed.short.has("f") ||
      ctx.parsed.short.has("d") ||
      hasFlag(ctx.parsed, [
        "--force",
        "--force-with-lease",
        "--force-if-includes",
        "--delete",
        "--mirror",
        "--prune",
      ]) ||
      ops(ctx)
        .slice(2)
        .some((a) => !a.literal || a.text.startsWith("+") || a.text.startsWith(":")),
    risk: "destructive",
    reason: "git push --force/+refspec/--delete: rewrites or deletes remote history",
    examples: [
      "git push --force",
      "git push -f origin main",
      "git push --force-with-lease",
      "git push origin +main",
      "git push origin :feature",
      "git push --delete origin feature",
    ],
    notExamples: ["git push origin main", "git push -u origin feature"],
  },
  {
    name: "git-branch-force-delete",
    commands: ["git"],
    sub: ["branch"],
    when: (ctx) =>
      ctx.parsed.short.has("D") ||
      ((ctx.parsed.short.has("d") || hasFlag(ctx.parsed, ["--delete"])) &&
        (ctx.parsed.short.has("f") || hasFlag(ctx.parsed, ["--force"]))) ||
      ((ctx.parsed.short.has("f") ||
        hasFlag(ctx.parsed, ["--force"]) ||
        ctx.parsed.short.has("M") ||
        ctx.parsed.short.has("C")) &&
        ops(ctx).length > 1),
    risk: "destructive",
    reason: "git branch -D/-f: deletes or moves a branch regardless of merge state",
    examples: ["git branch -D feature", "git branch -d -f feature", "git branch -f main HEAD~3"],
    notExamples: ["git branch -d merged-feature", "git branch new-feature"],
  },
  {
    name: "git-tag-delete",
    commands: ["git"],
    sub: ["tag"],
    anyFlag: ["-d", "--delete", "-f", "--force"],
    risk: "destructive",
    reason: "git tag -d/-f: deletes or moves a tag",
    examples: ["git tag -d v1.0", "git tag -f v1.0"],
  },
  {
    name: "git-stash-drop",
    commands: ["git"],
    when: (ctx) => sub(ctx) === "stash" && ["drop", "clear"].includes(ops(ctx)[1]?.text ?? ""),
    risk: "destructive",
    reason: "git stash drop/clear: deletes stashed changes",
    examples: ["git stash drop", "git stash clear", "git stash drop stash@{1}"],
  },
  {
    name: "git-history-rewrite",
    commands: ["git"],
    when: (ctx) => {
      const s = sub(ctx);
      if (s === "filter-branch" || s === "filter-repo") return true;
      if (s === "rm" || s === "worktree" || s === "submodule")
        return ctx.parsed.short.has("f") || hasFlag(ctx.parsed, ["--force"]);
      if (s === "read-tree") return ctx.args.some((a) => a.text === "--reset") && ctx.parsed.short.has("u");
      return false;
    },
    risk: "destructive",
    reason: "git: rewrites history or removes what recovery relies on",
    examples: [
      "git filter-branch --tree-filter 'rm x' HEAD",
      "git rm -f a.ts",
      "git worktree remove --force ../wt",
    ],
    notExamples: ["git gc", "git rm --cached a.ts"],
  },
];
