/**
 * Which operands a file command writes or removes. Used by the workspace rules: a write outside the
 * workspace cannot be restored by checkpoints, so it is destructive; a target we cannot resolve is unknown.
 */
import type { RuleContext } from "./rule-types.ts";
import type { Arg } from "./types.ts";

function destination(ctx: RuleContext): Arg[] {
  const t = ctx.parsed.shortValues.get("t") ?? ctx.parsed.long.get("target-directory");
  if (t !== undefined) return [{ text: t, literal: true }];
  const last = ctx.parsed.operands.at(-1);
  return last && ctx.parsed.operands.length > 1 ? [last] : [];
}

function dirOption(ctx: RuleContext, short: string, long: string): Arg {
  const dir = ctx.parsed.shortValues.get(short) ?? (long ? ctx.parsed.long.get(long) : undefined);
  return { text: dir ?? ".", literal: true };
}

/** `tar xf`, `tar -xzf`, `tar --extract`. */
function tarExtracts(ctx: RuleContext): boolean {
  const first = ctx.args[0]?.text ?? "";
  return (
    /^-?[A-Za-z]*x/.test(first) ||
    ctx.parsed.short.has("x") ||
    ctx.parsed.long.has("extract") ||
    ctx.parsed.long.has("get")
  );
}

function sedFiles(ctx: RuleContext): Arg[] {
  const scriptGiven =
    ctx.parsed.short.has("e") || ctx.parsed.short.has("f") || ctx.parsed.long.has("expression");
  return ctx.parsed.operands.slice(scriptGiven ? 0 : 1);
}

const SELECTORS: Record<string, (ctx: RuleContext) => Arg[]> = {
  cp: destination,
  install: destination,
  ln: destination,
  rsync: destination,
  mv: (ctx) => [...ctx.parsed.operands, ...destination(ctx).filter((d) => !ctx.parsed.operands.includes(d))],
  tar: (ctx) => {
    if (tarExtracts(ctx)) return [dirOption(ctx, "C", "directory")];
    const archive = ctx.parsed.shortValues.get("f") ?? ctx.parsed.long.get("file");
    return archive !== undefined ? [{ text: archive, literal: true }] : [];
  },
  unzip: (ctx) => (ctx.parsed.short.has("l") ? [] : [dirOption(ctx, "d", "")]),
  touch: (ctx) => [...ctx.parsed.operands],
  mkdir: (ctx) => [...ctx.parsed.operands],
  rmdir: (ctx) => [...ctx.parsed.operands],
  tee: (ctx) => [...ctx.parsed.operands],
  truncate: (ctx) => [...ctx.parsed.operands],
  sed: sedFiles,
  chmod: (ctx) => ctx.parsed.operands.slice(ctx.parsed.long.has("reference") ? 0 : 1),
  chown: (ctx) => ctx.parsed.operands.slice(ctx.parsed.long.has("reference") ? 0 : 1),
  chgrp: (ctx) => ctx.parsed.operands.slice(ctx.parsed.long.has("reference") ? 0 : 1),
  dd: (ctx) =>
    ctx.args
      .filter((a) => a.text.startsWith("of="))
      .map((a) => ({ text: a.text.slice(3), literal: a.literal })),
  rm: (ctx) => [...ctx.parsed.operands],
  unlink: (ctx) => [...ctx.parsed.operands],
  shred: (ctx) => [...ctx.parsed.operands],
};

export const FILE_WRITERS = Object.keys(SELECTORS);

/** The operands `ctx`'s command writes to or removes; empty for commands not in the table. */
export function writtenTargets(ctx: RuleContext): Arg[] {
  if (ctx.name === "sed" && !ctx.parsed.short.has("i") && !ctx.parsed.long.has("in-place")) return [];
  return SELECTORS[ctx.name]?.(ctx) ?? [];
}

export function targetsOutside(ctx: RuleContext): boolean {
  return writtenTargets(ctx).some((a) => ctx.paths.place(a) === "outside");
}

export function targetsUnresolved(ctx: RuleContext): boolean {
  return writtenTargets(ctx).some((a) => ctx.paths.place(a) === "unresolved");
}
