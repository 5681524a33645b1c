/**
 * Wrappers run another command given as their trailing words: `sudo -u x rm -rf ~` runs `rm -rf ~`.
 * They are stripped (repeatedly, so `sudo env FOO=1 nice rm` reaches `rm`) and the wrapped command is
 * analysed instead. The table says which options of each wrapper take a value, so the value is not
 * mistaken for the command.
 */
import { resolve } from "node:path";
import type { Arg } from "./types.ts";

interface WrapperSpec {
  /** Short option letters that take a value (`sudo -u root`). */
  valueShort?: string;
  /** Long options that take a value when written without `=`. */
  valueLong?: readonly string[];
  /** Operands consumed before the command (`timeout 5s cmd`: 1). */
  skipOperands?: number;
  /** `NAME=value` words before the command are environment settings (env). */
  assignments?: boolean;
  /** Option letters that mean no command runs, only a lookup (`command -v git`). */
  lookupFlags?: string;
  /** Option giving the directory the command runs in (`env -C dir`, `sudo -D dir`). */
  chdirShort?: string;
  /** Option whose value is itself a command line split on spaces (`env -S "rm -rf x"`). */
  splitShort?: string;
}

const WRAPPERS: Record<string, WrapperSpec> = {
  sudo: {
    valueShort: "ugpChDrtUTR",
    valueLong: ["user", "group", "prompt", "host", "chdir"],
    chdirShort: "D",
  },
  doas: { valueShort: "uC" },
  env: {
    valueShort: "uCS",
    valueLong: ["unset", "chdir", "split-string"],
    assignments: true,
    chdirShort: "C",
    splitShort: "S",
  },
  timeout: { valueShort: "sk", valueLong: ["signal", "kill-after"], skipOperands: 1 },
  nice: { valueShort: "n", valueLong: ["adjustment"] },
  ionice: { valueShort: "cn", valueLong: ["class", "classdata"] },
  nohup: {},
  setsid: {},
  command: { lookupFlags: "vV" },
  builtin: {},
  exec: { valueShort: "a" },
  time: { valueShort: "fo", valueLong: ["format", "output"] },
  stdbuf: { valueShort: "ioe", valueLong: ["input", "output", "error"] },
  npx: { valueShort: "p", valueLong: ["package"] },
  bunx: { valueShort: "p", valueLong: ["package"] },
  unbuffer: {},
  chronic: {},
};

/** Package-manager subcommands that run another program: `pnpm exec tsc`, `npm exec -- x`. */
const RUNNER_SUBCOMMANDS: Record<string, readonly string[]> = {
  npm: ["exec", "x"],
  pnpm: ["exec", "dlx"],
  yarn: ["exec", "dlx"],
  bun: ["x"],
};

export type Unwrapped =
  /** Not a wrapper (or a wrapper used without a command, such as bare `env`): classify `argv` itself. */
  | { kind: "plain" }
  /** Continue with the wrapped command. */
  | { kind: "wrapped"; via: string; argv: Arg[]; cwd?: string | undefined; assignments?: Arg[] };

export function isWrapper(name: string): boolean {
  return name in WRAPPERS || name in RUNNER_SUBCOMMANDS || name === "xargs";
}

/** Strips one wrapper from `argv` whose name is `name`. `cwd` is the directory the wrapper runs in. */
export function unwrapOnce(name: string, argv: readonly Arg[], cwd: string | undefined): Unwrapped {
  if (name === "xargs") return unwrapXargs(argv);
  const runner = RUNNER_SUBCOMMANDS[name];
  if (runner) {
    const sub = argv[1];
    if (!sub?.literal || !runner.includes(sub.text)) return { kind: "plain" };
    let rest = argv.slice(2);
    while (rest[0]?.literal && rest[0].text.startsWith("-")) {
      const isEnd = rest[0].text === "--";
      rest = rest.slice(1);
      if (isEnd) break;
    }
    return rest.length > 0 ? { kind: "wrapped", via: `${name} ${sub.text}`, argv: rest } : { kind: "plain" };
  }
  const spec = WRAPPERS[name];
  if (!spec) return { kind: "plain" };
  let i = 1;
  let newCwd: string | undefined | null = null;
  const split: Arg[] = [];
  const setDir = (value: Arg | undefined) => {
    newCwd = value?.literal ? resolve(cwd ?? "/", value.text) : undefined;
  };
  while (i < argv.length) {
    const arg = argv[i] as Arg;
    if (!arg.literal || !arg.text.startsWith("-") || arg.text === "-") break;
    i++;
    if (arg.text === "--") break;
    if (arg.text.startsWith("--")) {
      const eq = arg.text.indexOf("=");
      const long = eq < 0 ? arg.text.slice(2) : arg.text.slice(2, eq);
      const value = eq < 0 && spec.valueLong?.includes(long) ? argv[i++] : undefined;
      if (long === "chdir") setDir(eq < 0 ? value : { text: arg.text.slice(eq + 1), literal: true });
      continue;
    }
    for (let j = 1; j < arg.text.length; j++) {
      const letter = arg.text[j] as string;
      if (spec.lookupFlags?.includes(letter)) return { kind: "plain" };
      if (spec.valueShort?.includes(letter)) {
        const value: Arg | undefined =
          j + 1 < arg.text.length ? { text: arg.text.slice(j + 1), literal: true } : argv[i++];
        if (letter === spec.chdirShort) setDir(value);
        if (letter === spec.splitShort && value) split.push(...splitWords(value));
        break;
      }
    }
  }
  const assignments: Arg[] = [];
  if (spec.assignments)
    while (i < argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i]?.text ?? ""))
      assignments.push(argv[i++] as Arg);
  i += spec.skipOperands ?? 0;
  const inner = [...split, ...argv.slice(i)];
  if (inner.length === 0) return { kind: "plain" };
  const result: Unwrapped = { kind: "wrapped", via: name, argv: inner };
  if (assignments.length > 0) result.assignments = assignments;
  if (newCwd !== null) result.cwd = newCwd;
  return result;
}

function splitWords(value: Arg): Arg[] {
  if (!value.literal) return [value];
  return value.text
    .split(/\s+/)
    .filter((w) => w !== "")
    .map((text) => ({ text, literal: true }));
}

/**
 * xargs runs its command with words read from stdin appended (or substituted for `-I` text), so the
 * command gets operands we cannot see: they are added as a non-literal word.
 */
function unwrapXargs(argv: readonly Arg[]): Unwrapped {
  const valueShort = "EILnPsda";
  const valueLong = ["max-args", "max-procs", "delimiter", "arg-file", "max-lines", "max-chars", "eof"];
  let replace: string | undefined;
  let i = 1;
  while (i < argv.length) {
    const arg = argv[i] as Arg;
    if (!arg.literal || !arg.text.startsWith("-")) break;
    i++;
    if (arg.text === "--") break;
    if (arg.text.startsWith("--")) {
      const eq = arg.text.indexOf("=");
      const long = eq < 0 ? arg.text.slice(2) : arg.text.slice(2, eq);
      if (long === "replace") replace = eq < 0 ? "{}" : arg.text.slice(eq + 1);
      else if (eq < 0 && valueLong.includes(long)) i++;
      continue;
    }
    const letter = arg.text[1] as string;
    if (letter === "i") replace = arg.text.length > 2 ? arg.text.slice(2) : "{}";
    else if (valueShort.includes(letter)) {
      const value = arg.text.length > 2 ? arg.text.slice(2) : argv[i++]?.text;
      if (letter === "I") replace = value;
    }
  }
  const unseen: Arg = { text: "<stdin words>", literal: false };
  let inner = argv.slice(i);
  if (inner.length === 0) inner = [{ text: "echo", literal: true }];
  if (replace !== undefined) {
    const token = replace;
    inner = inner.map((a) => (a.literal && a.text.includes(token) ? { text: a.text, literal: false } : a));
  } else inner = [...inner, unseen];
  return { kind: "wrapped", via: "xargs", argv: inner };
}
