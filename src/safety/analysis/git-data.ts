/**
 * Git's own data: anything inside a `.git` directory (objects, refs, packed-refs, the index, logs). Checkpoints
 * exclude it, so a file command that deletes or writes there (`rm .git/index`, `> .git/index`, `truncate`,
 * `mv .git x`, `find .git -delete`) loses what `tandem undo` cannot bring back unless the guard keeps a copy
 * first. The rule makes such commands destructive; the part carries the paths for the guard's backup.
 */
import { isAbsolute, resolve } from "node:path";
import type { CommandRule, RuleContext } from "./rule-types.ts";
import { effectsOf } from "./rules-effects.ts";
import { writtenTargets } from "./targets.ts";
import type { Arg } from "./types.ts";

/** The absolute path of `arg` when it lies inside a `.git` directory (or is one); undefined otherwise. */
export function gitDataPath(arg: Arg, cwd: string | undefined): string | undefined {
  if (!arg.literal) return undefined;
  const absolute = isAbsolute(arg.text) || cwd === undefined ? arg.text : resolve(cwd, arg.text);
  return absolute.split("/").includes(".git") ? resolve(cwd ?? "/", absolute) : undefined;
}

/** `find A B -name x -delete`: the starting points A and B. */
function findStarts(ctx: RuleContext): Arg[] {
  const starts: Arg[] = [];
  for (const a of ctx.args) {
    if (a.literal && (a.text.startsWith("-") || a.text === "(" || a.text === "!")) break;
    starts.push(a);
  }
  return starts.length > 0 ? starts : [{ text: ".", literal: true }];
}

const cache = new WeakMap<RuleContext, Arg[]>();

/** Every path the command in `ctx` deletes or writes (file operands, `find -delete` starts, option values). */
function touched(ctx: RuleContext): Arg[] {
  let args = cache.get(ctx);
  if (args) return args;
  args = [...writtenTargets(ctx)];
  if (ctx.name === "find" && ctx.args.some((a) => a.literal && a.text === "-delete"))
    args.push(...findStarts(ctx));
  for (const f of effectsOf(ctx)) if (f.effect.kind === "writes" && f.value) args.push(f.value);
  cache.set(ctx, args);
  return args;
}

/** Paths inside `.git` that the command in `ctx` deletes or writes. */
export function gitDataTargets(ctx: RuleContext): string[] {
  const paths = touched(ctx).map((a) => gitDataPath(a, ctx.cwd));
  return [...new Set(paths.filter((p): p is string => p !== undefined))];
}

/**
 * True when all the command destroys is git data, so a snapshot of it stands for the whole command. `mv` only
 * destroys its sources (it creates the destination).
 */
export function gitDataOnly(ctx: RuleContext): boolean {
  let args = touched(ctx);
  if (ctx.name === "mv") {
    const ops = ctx.parsed.operands;
    const explicit = ctx.parsed.shortValues.has("t") || ctx.parsed.long.has("target-directory");
    args = explicit ? ops : ops.slice(0, -1);
  }
  return args.every((a) => gitDataPath(a, ctx.cwd) !== undefined);
}

export const GIT_DATA_RULES: CommandRule[] = [
  {
    name: "git-data",
    commands: ["*"],
    when: (ctx) => gitDataTargets(ctx).length > 0,
    risk: "destructive",
    reason: "deletes or overwrites git's own data under .git (checkpoints do not cover it)",
    examples: [
      "rm .git/index",
      "rm -rf .git/objects",
      "rm .git/packed-refs",
      "truncate -s 0 .git/index",
      "mv .git /tmp/old-git",
      "find .git -delete",
      "shred .git/index",
      "cp /dev/null .git/HEAD",
      "sort -o .git/packed-refs x",
      "cd .git && rm index",
    ],
    notExamples: ["rm .gitignore", "cat .git/HEAD", "cp .git/HEAD head.txt", "find .git -name '*.pack'"],
  },
  {
    name: "git-ref-delete",
    commands: ["git"],
    sub: ["update-ref"],
    when: (ctx) => ctx.parsed.short.has("d") || ctx.parsed.long.has("delete"),
    risk: "destructive",
    reason: "git update-ref -d: deletes a ref (and its reflog)",
    examples: ["git update-ref -d refs/heads/feature", "git update-ref -d refs/tags/v1"],
    notExamples: ["git update-ref refs/heads/x HEAD"],
  },
  {
    name: "git-object-prune",
    commands: ["git"],
    when: (ctx) => {
      const [s, next] = ctx.parsed.operands.map((a) => a.text);
      if (s === "prune") return !ctx.parsed.short.has("n") && !ctx.parsed.long.has("dry-run");
      if (s === "reflog") return next === "expire" || next === "delete";
      // Any --prune date drops unreachable objects older than it; `repack -a -d` drops those in old packs.
      if (s === "gc") return ctx.args.some((a) => /^--prune(=.*)?$/.test(a.text));
      if (s === "repack") return ctx.parsed.short.has("a") && ctx.parsed.short.has("d");
      return false;
    },
    risk: "destructive",
    reason: "git prune/reflog expire/gc --prune/repack -a -d: drops history that recovery relies on",
    examples: [
      "git reflog expire --expire=now --all",
      "git reflog delete HEAD@{1}",
      "git gc --prune=now",
      "git gc --prune=1.hour.ago",
      "git prune",
      "git repack -a -d",
    ],
    notExamples: ["git gc", "git reflog", "git prune -n", "git repack -A -d", "git gc --no-prune"],
  },
];
