/**
 * Generic option parsing for classification: `-rf` is the short flags r and f, `--force=x` the long flag
 * `force`, everything else (and everything after `--`) is an operand. Commands whose options take a
 * value list them in VALUE_FLAGS so that the value is not mistaken for an operand or a subcommand.
 */
import type { Arg } from "./types.ts";

export interface ParsedArgs {
  short: Set<string>;
  long: Map<string, string | undefined>;
  /** Operands in order (non-literal ones keep their source text). */
  operands: Arg[];
  /** Values given to short flags that take one (`-n 5` → n: "5"). */
  shortValues: Map<string, string>;
}

export interface ValueFlags {
  /** Short flag letters that take a value (`"nC"`). */
  short?: string;
  /** Long flag names that take a value when written without `=`. */
  long?: readonly string[];
}

/** Per-command options that take a value, where it matters for subcommand or operand detection. */
export const VALUE_FLAGS: Record<string, ValueFlags> = {
  kubectl: { short: "nlcf", long: ["namespace", "context", "cluster", "selector", "filename", "kubeconfig"] },
  helm: { short: "n", long: ["namespace", "kube-context"] },
  docker: { short: "Hc", long: ["host", "context", "config"] },
  podman: { long: ["url", "connection"] },
  npm: { short: "w", long: ["prefix", "workspace"] },
  pnpm: { short: "C", long: ["filter", "dir"] },
  yarn: { long: ["cwd"] },
  cargo: { short: "pZ", long: ["package", "manifest-path", "target-dir"] },
  go: { short: "C" },
  make: { short: "CfjIlo", long: ["directory", "file", "jobs"] },
  aws: { long: ["profile", "region", "endpoint-url", "output"] },
  gcloud: { long: ["project", "account", "configuration"] },
  gh: { short: "R", long: ["repo"] },
  head: { short: "nc" },
  tar: { short: "CfbTX", long: ["directory", "file", "exclude"] },
  unzip: { short: "dx" },
  truncate: { short: "sr", long: ["size", "reference"] },
  cp: { short: "tS", long: ["target-directory", "suffix"] },
  mv: { short: "tS", long: ["target-directory", "suffix"] },
  ln: { short: "tS", long: ["target-directory", "suffix"] },
  install: { short: "tSmogt", long: ["target-directory", "suffix", "mode", "owner", "group"] },
  tail: { short: "ncs" },
  grep: { short: "efABCmd", long: ["regexp", "file", "context"] },
  sort: { short: "kotS", long: ["output"] },
  sed: { short: "ef", long: ["expression", "file"] },
  awk: { short: "vF", long: ["assign", "field-separator"] },
  gawk: { short: "vF", long: ["assign", "field-separator"] },
  mawk: { short: "vF" },
  psql: { short: "cdhpUfo", long: ["command", "dbname", "host", "port", "username", "file", "output"] },
  mysql: { short: "eDhuPp", long: ["execute", "database", "host", "user", "port"] },
};

export function parseArgs(args: readonly Arg[], valueFlags: ValueFlags = {}): ParsedArgs {
  const parsed: ParsedArgs = { short: new Set(), long: new Map(), operands: [], shortValues: new Map() };
  const shortWithValue = valueFlags.short ?? "";
  const longWithValue = new Set(valueFlags.long ?? []);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg) continue;
    const text = arg.text;
    if (!arg.literal || text === "-" || !text.startsWith("-")) {
      parsed.operands.push(arg);
    } else if (text === "--") {
      parsed.operands.push(...args.slice(i + 1));
      break;
    } else if (text.startsWith("--")) {
      const eq = text.indexOf("=");
      const name = eq < 0 ? text.slice(2) : text.slice(2, eq);
      let value = eq < 0 ? undefined : text.slice(eq + 1);
      if (value === undefined && longWithValue.has(name)) value = args[++i]?.text;
      parsed.long.set(name, value);
    } else {
      for (let j = 1; j < text.length; j++) {
        const letter = text[j] as string;
        parsed.short.add(letter);
        if (shortWithValue.includes(letter)) {
          const value = j + 1 < text.length ? text.slice(j + 1) : args[++i]?.text;
          if (value !== undefined) parsed.shortValues.set(letter, value);
          break;
        }
      }
    }
  }
  return parsed;
}

/**
 * True when any of `flags` (`-r`, `--recursive`) is present. A long flag also matches a unique GNU-style
 * abbreviation of at least three letters (`--recur`), which coreutils accept.
 */
export function hasFlag(parsed: ParsedArgs, flags: readonly string[]): boolean {
  for (const flag of flags) {
    if (flag.startsWith("--")) {
      const name = flag.slice(2);
      if (parsed.long.has(name)) return true;
      for (const given of parsed.long.keys()) if (given.length >= 3 && name.startsWith(given)) return true;
    } else if (flag.startsWith("-") && flag.length === 2 && parsed.short.has(flag[1] as string)) return true;
  }
  return false;
}

export function longValue(parsed: ParsedArgs, name: string): string | undefined {
  return parsed.long.get(name);
}
