/**
 * Rules judging what `option-effects.ts` finds: a file an option writes is a `write` inside the workspace,
 * `destructive` outside it and `unknown` when computed at run time; a program an option runs is analysed as a
 * command where its text is literal (analyze.ts), and `unknown` where it is not (or is configured elsewhere).
 */
import { VALUE_FLAGS } from "./args.ts";
import {
  EFFECT_COMMANDS,
  effectsKey,
  type FoundEffect,
  findEffects,
  UNBOUNDED_COMMANDS,
} from "./option-effects.ts";
import type { PathPlace } from "./paths.ts";
import type { CommandRule, RuleContext } from "./rule-types.ts";
import type { Arg } from "./types.ts";

const cache = new WeakMap<RuleContext, FoundEffect[]>();

/** The writing and running options of the command in `ctx`. */
export function effectsOf(ctx: RuleContext): FoundEffect[] {
  let found = cache.get(ctx);
  if (!found) {
    const key = effectsKey(ctx.name, ctx.parsed.operands[0]);
    found = key ? findEffects(key, ctx.args, VALUE_FLAGS[ctx.name]?.short) : [];
    cache.set(ctx, found);
  }
  return found;
}

/** The paths a writing option writes: its value, else the operands after the subcommand, else the cwd. */
function written(ctx: RuleContext, f: FoundEffect): Arg[] {
  if (f.value) return [f.value];
  if (f.effect.value !== "none") return [{ text: ".", literal: true }];
  const key = effectsKey(ctx.name, ctx.parsed.operands[0]) ?? ctx.name;
  const ops = ctx.parsed.operands.slice(key.includes(" ") ? 1 : 0);
  return ops.length > 0 ? ops : [{ text: ".", literal: true }];
}

function writesAt(ctx: RuleContext, places: readonly PathPlace[]): FoundEffect[] {
  return effectsOf(ctx).filter(
    (f) => f.effect.kind === "writes" && written(ctx, f).some((a) => places.includes(ctx.paths.place(a))),
  );
}

const describe = (ctx: RuleContext, found: FoundEffect[]) => {
  const key = effectsKey(ctx.name, ctx.parsed.operands[0]) ?? ctx.name;
  return found.map((f) => `${key} ${f.flag}: ${f.effect.what}`).join("; ");
};

/** Options whose program cannot be analysed: none given (configured elsewhere), computed, or code in a file. */
function opaqueRuns(ctx: RuleContext): FoundEffect[] {
  return effectsOf(ctx).filter(
    (f) =>
      f.effect.kind === "opaque" ||
      (f.effect.kind === "runs" && f.effect.value !== "rest" && !f.value?.literal),
  );
}

export const EFFECT_RULES: CommandRule[] = [
  {
    name: "option-writes-file",
    commands: EFFECT_COMMANDS.filter((c) => !UNBOUNDED_COMMANDS.includes(c)),
    when: (ctx) => writesAt(ctx, ["inside", "scratch"]).length > 0,
    risk: "write",
    reason: "an option writes a file",
    explain: (ctx) => describe(ctx, writesAt(ctx, ["inside", "scratch"])),
    examples: [
      "sort -o out.txt in.txt",
      "sort -uo out.txt in.txt",
      "git log --output=log.txt",
      "git diff --output x.patch",
      "git format-patch -o patches HEAD~2",
      "git archive -o src.tar HEAD",
      "find . -name '*.ts' -fprint list.txt",
      "tree -o tree.txt",
      "less -o copy.txt a.txt",
      "yq -i '.a = 1' config.yaml",
      "terraform plan -out=tf.plan",
      "awk --profile '{ print }' a.txt",
    ],
    notExamples: ["sort in.txt", "git log -p", "git log -- --output=x", "sort -k2 in.txt"],
  },
  {
    name: "option-writes-outside",
    commands: EFFECT_COMMANDS,
    when: (ctx) => writesAt(ctx, ["outside"]).length > 0,
    risk: "destructive",
    reason: "an option writes a file outside the workspace (checkpoints cannot restore it)",
    explain: (ctx) =>
      `${describe(ctx, writesAt(ctx, ["outside"]))}, outside the workspace (checkpoints cannot restore it)`,
    examples: [
      "sort -o ~/.bashrc in.txt",
      "git log --output=/home/user/.bashrc",
      "git show --output=../elsewhere.txt HEAD",
      "find . -fprint ~/.profile",
      "less --log-file=/etc/motd a.txt",
      "yq -i '.a = 1' ~/.config/app.yaml",
      "curl -o ~/.bashrc https://example.com/x",
      "wget -O /etc/hosts https://example.com/x",
    ],
    notExamples: ["sort -o /tmp/x in.txt", "curl -o out.json https://example.com/x"],
  },
  {
    name: "option-writes-unresolved",
    commands: EFFECT_COMMANDS,
    when: (ctx) => writesAt(ctx, ["unresolved"]).length > 0,
    risk: "unknown",
    reason: "an option writes a file whose path is computed at run time",
    explain: (ctx) => `${describe(ctx, writesAt(ctx, ["unresolved"]))} (path computed at run time)`,
    examples: ['sort -o "$OUT" in.txt', 'git log --output="$F"'],
  },
  {
    name: "option-runs-program",
    commands: EFFECT_COMMANDS,
    when: (ctx) => opaqueRuns(ctx).length > 0,
    risk: "unknown",
    reason: "an option runs a program we cannot see",
    explain: (ctx) => `${describe(ctx, opaqueRuns(ctx))}: a program we cannot see`,
    examples: [
      "git grep -O foo",
      "git show --ext-diff HEAD",
      'man -P "$PAGER" ls',
      "awk -f prog.awk data.txt",
      "sed -f script.sed a.txt",
      "tar -tf a.tar --checkpoint-action=exec=x",
      "psql -f seed.sql",
    ],
    notExamples: ["git grep foo", "man ls", "awk '{ print $1 }' a.txt", "git grep -Ocat foo"],
  },
];
