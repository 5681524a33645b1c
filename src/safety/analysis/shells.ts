/**
 * Commands that run shell code given as data: `bash -c STRING`, `sh -c`, `zsh -c`, `eval`, `su -c`,
 * `watch`, `source`, and shells reading code from stdin. A literal string is parsed again and every command
 * in it analysed; code that only exists at run time is unknown, or destructive when it is fetched or decoded
 * (`curl … | sh`, `base64 -d | bash`, `sh -c "$(curl …)"`): see docs/safety-analysis.md.
 */
import type { RawCommand, Stdin } from "./commands.ts";
import type { Arg } from "./types.ts";

export const SHELLS = new Set(["bash", "sh", "zsh", "dash", "ksh", "ash", "mksh", "fish", "busybox"]);

/** Commands whose output, piped into a shell, is code fetched or decoded at run time. */
export const FETCHERS = new Set([
  "curl",
  "wget",
  "base64",
  "xxd",
  "openssl",
  "gpg",
  "uudecode",
  "nc",
  "ncat",
  "gunzip",
  "zcat",
  "gzip",
  "bzip2",
  "xz",
  "rev",
  "tr",
  "fetch",
  "http",
  "httpie",
  "aria2c",
  "python",
  "python3",
  "node",
  "perl",
  "ruby",
  "aws",
  "gsutil",
  "ssh",
  "git",
]);

export type CodeOrigin =
  /** Literal code: parse and analyse it. */
  | { kind: "source"; text: string; via: string }
  /**
   * Code built at run time from words we cannot see. `template` is the code's source with the expansions
   * left in (`rm -rf $DIR` from `sh -c "rm -rf $DIR"`): parsing it shows what the code does at least.
   */
  | { kind: "dynamic"; via: string; fetched: boolean; text: string; template?: string }
  /** Code from a pipe whose producer we cannot read as a literal. */
  | { kind: "piped"; via: string; producers: string[] }
  /** A script file we do not read. */
  | { kind: "script"; via: string; file: string }
  /** An interactive shell. */
  | { kind: "interactive"; via: string };

const SHELL_VALUE_OPTIONS = "oO";

function literalUpstream(upstream: readonly RawCommand[]): string | undefined {
  const texts: string[] = [];
  for (const cmd of upstream) {
    const [name, ...rest] = cmd.argv;
    if (name?.literal && name.text === "cat" && rest.length === 0 && cmd.stdin?.kind === "heredoc") {
      texts.push(cmd.stdin.text);
      continue;
    }
    if (!name?.literal || !["echo", "printf"].includes(name.text)) return undefined;
    if (cmd.stdin || rest.some((a) => !a.literal)) return undefined;
    const words = name.text === "echo" ? rest.filter((a) => !/^-[neE]+$/.test(a.text)) : rest;
    texts.push(words.map((a) => a.text).join(" "));
  }
  return texts.length > 0 ? texts.join("\n") : undefined;
}

/** Where code read from stdin comes from. */
export function stdinCode(stdin: Stdin | undefined, via: string): CodeOrigin {
  if (!stdin) return { kind: "interactive", via };
  if (stdin.kind === "heredoc") return { kind: "source", text: stdin.text, via: `${via} <<heredoc` };
  if (stdin.kind === "herestring") {
    return stdin.arg.literal
      ? { kind: "source", text: stdin.arg.text, via: `${via} <<<` }
      : dynamic(stdin.arg, via);
  }
  const literal = literalUpstream(stdin.upstream);
  if (literal !== undefined) return { kind: "source", text: literal, via: `echo | ${via}` };
  const producers = stdin.upstream.map((c) => c.argv[0]?.text ?? "?");
  return { kind: "piped", via, producers };
}

/** Source text of a word with one level of double quotes removed, expansions kept. */
export function templateOf(args: readonly Arg[]): string | undefined {
  const words = args.map((a) => {
    if (a.literal) return a.text;
    if (a.text.length >= 2 && a.text.startsWith('"') && a.text.endsWith('"')) {
      return a.text.slice(1, -1).replace(/\\([\\"$`])/g, "$1");
    }
    return a.text;
  });
  const text = words.join(" ");
  return /^\$\{?\w+\}?$/.test(text.trim()) ? undefined : text;
}

function dynamic(arg: Arg, via: string, all: readonly Arg[] = [arg]): CodeOrigin {
  const fetched = all.some((a) => (a.runs ?? []).some((n) => FETCHERS.has(n.replace(/^.*\//, ""))));
  const origin: CodeOrigin = { kind: "dynamic", via, fetched, text: arg.text };
  const template = templateOf(all);
  if (template !== undefined) origin.template = template;
  return origin;
}

function fromWord(arg: Arg | undefined, via: string): CodeOrigin {
  if (!arg) return { kind: "interactive", via };
  return arg.literal ? { kind: "source", text: arg.text, via } : dynamic(arg, via);
}

/** For a shell-like command, where its code comes from; undefined when `name` runs no shell code. */
export function shellCode(
  name: string,
  argv: readonly Arg[],
  stdin: Stdin | undefined,
): CodeOrigin | undefined {
  if (name === "eval") {
    const args = argv.slice(1);
    const bad = args.find((a) => !a.literal);
    if (bad) return dynamic(bad, "eval", args);
    return { kind: "source", text: args.map((a) => a.text).join(" "), via: "eval" };
  }
  if (name === "source" || name === ".") {
    const file = argv[1];
    if (!file) return { kind: "interactive", via: name };
    return file.literal ? { kind: "script", via: name, file: file.text } : dynamic(file, name);
  }
  if (name === "su" || name === "runuser") {
    const at = argv.findIndex((a) => a.text === "-c" || a.text === "--command");
    if (at < 0) return { kind: "interactive", via: name };
    return fromWord(argv[at + 1], `${name} -c`);
  }
  if (name === "watch") {
    let i = 1;
    while (i < argv.length && argv[i]?.literal && argv[i]?.text.startsWith("-")) {
      if (/^-[nqd]$|^--(interval|differences)$/.test(argv[i]?.text ?? "") && argv[i]?.text !== "-d") i++;
      i++;
    }
    const rest = argv.slice(i);
    const bad = rest.find((a) => !a.literal);
    if (bad) return dynamic(bad, "watch", rest);
    return { kind: "source", text: rest.map((a) => a.text).join(" "), via: "watch" };
  }
  if (!SHELLS.has(name)) return undefined;
  let i = 1;
  if (name === "busybox") {
    if (!["sh", "ash", "bash"].includes(argv[1]?.text ?? "")) return undefined;
    i = 2;
  }
  let command = false;
  let fromStdin = false;
  while (i < argv.length) {
    const arg = argv[i] as Arg;
    if (!arg.literal || !/^[-+]/.test(arg.text) || arg.text === "-" || arg.text === "--") {
      if (arg.text === "-" || arg.text === "--") {
        fromStdin = arg.text === "-";
        i++;
      }
      break;
    }
    i++;
    if (arg.text.startsWith("--")) {
      if (arg.text === "--command") command = true;
      continue;
    }
    const letters = arg.text.slice(1);
    if (letters.includes("c")) command = true;
    if (letters.includes("s")) fromStdin = true;
    if ([...letters].some((l) => SHELL_VALUE_OPTIONS.includes(l))) i++;
  }
  if (command) return fromWord(argv[i], `${name} -c`);
  const script = argv[i];
  if (script && !fromStdin) {
    return script.literal ? { kind: "script", via: name, file: script.text } : dynamic(script, name);
  }
  return stdinCode(stdin, name);
}
