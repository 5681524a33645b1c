/**
 * Options that make a command write a file or run a program although its name reads: `sort -o FILE`,
 * `git log --output=FILE`, `man -P PAGER`, `rg --pre CMD`, `tar -tf a.tar -I PROG`. A read-only step runs
 * without a question in every mode and gets no checkpoint, so a reading command is read-only only when none of
 * these is present. This table is the one place that says which option of which command does what; the rules
 * in `rules-effects.ts` judge what it finds (the written path by where it is, the program by analysing it).
 */
import type { Arg } from "./types.ts";

export type EffectKind =
  /** Writes the file given as the option's value (or, with `value: "none"`, the command's operands). */
  | "writes"
  /** Runs the program or shell command given as the value; with `value: "none"` one configured elsewhere. */
  | "runs"
  /** Loads code or settings from a file we do not read (`awk -f prog.awk`, `sed -f x.sed`): unbounded. */
  | "opaque";

export interface OptionEffect {
  kind: EffectKind;
  /**
   * `-o` (a letter, also inside a cluster such as `-uo FILE`), `--output` (also `--output=FILE` and a GNU
   * abbreviation such as `--out`), or a one-dash word (`-fprint`, terraform's `-out=FILE`) matched whole.
   */
  flags: readonly string[];
  /**
   * `required`: the next word or an attached value (`-oFILE`, `--output=FILE`); `optional`: only an attached
   * one (`git grep -O[pager]`); `none`: the flag takes no value; `rest`: every following word is the command
   * it runs (`fd -x rm`).
   */
  value: "required" | "optional" | "none" | "rest";
  /** `sort -o`: short text for the reason (`sort -o: writes its output to FILE`). */
  what: string;
}

const W = (flags: string[], what: string, value: OptionEffect["value"] = "required"): OptionEffect => ({
  kind: "writes",
  flags,
  value,
  what,
});
const R = (flags: string[], what: string, value: OptionEffect["value"] = "required"): OptionEffect => ({
  kind: "runs",
  flags,
  value,
  what,
});
const O = (flags: string[], what: string, value: OptionEffect["value"] = "required"): OptionEffect => ({
  kind: "opaque",
  flags,
  value,
  what,
});

const GIT_DIFF_OUTPUT = [
  W(["--output"], "writes the diff to FILE"),
  R(["--ext-diff"], "runs the external diff program configured for the repository", "none"),
];
const AWK = [
  O(["-f", "--file", "-i", "--include", "-l", "--load", "-E", "--exec"], "runs awk code from a file"),
  W(["-o", "--pretty-print", "-p", "--profile", "-d", "--dump-variables"], "writes a file", "optional"),
];
const FD = [R(["-x", "--exec", "-X", "--exec-batch"], "runs a command on every match", "rest")];

/**
 * Keyed by command name, or `name sub` for a subcommand (`git log`). Short letters that take a value in
 * `VALUE_FLAGS` (args.ts) are skipped over when clusters are read.
 */
export const OPTION_EFFECTS: Record<string, readonly OptionEffect[]> = {
  sort: [W(["-o", "--output"], "writes its output to FILE"), R(["--compress-program"], "runs a compressor")],
  find: [W(["-fprint", "-fprint0", "-fprintf", "-fls"], "writes the list to FILE")],
  tree: [W(["-o"], "writes the listing to FILE")],
  less: [W(["-o", "--log-file", "-O", "--LOG-FILE"], "copies its input to FILE")],
  zless: [W(["-o", "--log-file", "-O", "--LOG-FILE"], "copies its input to FILE")],
  man: [
    R(["-P", "--pager"], "runs PAGER"),
    R(["-H", "--html"], "runs a web browser", "optional"),
    O(["-C", "--config-file"], "reads a man configuration (which can set the pager)"),
  ],
  rg: [R(["--pre"], "runs a preprocessor on every file")],
  ag: [R(["--pager"], "runs PAGER")],
  ack: [R(["--pager"], "runs PAGER")],
  bat: [R(["--pager"], "runs PAGER")],
  batcat: [R(["--pager"], "runs PAGER")],
  fd: FD,
  fdfind: FD,
  file: [W(["-C", "--compile"], "compiles a magic file into the current directory", "none")],
  awk: AWK,
  gawk: AWK,
  mawk: AWK,
  sed: [O(["-f", "--file"], "runs a sed script from a file (it can write files or run commands)")],
  yq: [
    W(["-i", "--inplace"], "edits the files in place", "none"),
    O(["-s", "--split-exp"], "writes one file per document, named by an expression"),
  ],
  tar: [
    R(["-I", "--use-compress-program"], "runs a compressor"),
    R(["--to-command"], "runs a command on every extracted file"),
    R(["-F", "--info-script", "--new-volume-script"], "runs a script at the end of each volume"),
    R(["--rsh-command", "--rmt-command"], "runs a remote-shell program"),
    O(["--checkpoint-action"], "can run a command at each checkpoint (exec=)"),
  ],
  "git log": GIT_DIFF_OUTPUT,
  "git show": GIT_DIFF_OUTPUT,
  "git diff": GIT_DIFF_OUTPUT,
  "git whatchanged": GIT_DIFF_OUTPUT,
  "git diff-tree": GIT_DIFF_OUTPUT,
  "git diff-index": GIT_DIFF_OUTPUT,
  "git diff-files": GIT_DIFF_OUTPUT,
  "git range-diff": GIT_DIFF_OUTPUT,
  "git format-patch": [...GIT_DIFF_OUTPUT, W(["-o", "--output-directory"], "writes the patches to DIR")],
  "git stash": GIT_DIFF_OUTPUT,
  "git reflog": GIT_DIFF_OUTPUT,
  "git grep": [R(["-O", "--open-files-in-pager"], "opens the matching files in a pager", "optional")],
  "git help": [R(["-w", "--web"], "opens the page in the configured web browser", "none")],
  "git difftool": [R(["-x", "--extcmd"], "runs CMD on every changed file")],
  "git archive": [
    W(["-o", "--output"], "writes the archive to FILE"),
    R(["--exec"], "runs a remote program"),
  ],
  "git ls-remote": [R(["-u", "--upload-pack"], "runs PROG as the remote's upload-pack")],
  "git fetch": [R(["--upload-pack"], "runs PROG as the remote's upload-pack")],
  "git pull": [R(["--upload-pack"], "runs PROG as the remote's upload-pack")],
  "git clone": [R(["-u", "--upload-pack"], "runs PROG as the remote's upload-pack")],
  "git push": [R(["--receive-pack", "--exec"], "runs PROG as the remote's receive-pack")],
  "git rebase": [R(["-x", "--exec"], "runs CMD after every commit")],
  "terraform plan": [W(["-out"], "writes the plan to FILE")],
  "tofu plan": [W(["-out"], "writes the plan to FILE")],
  "kubectl cluster-info": [W(["--output-directory"], "writes a cluster dump to DIR")],
  "helm template": [
    W(["--output-dir"], "writes the rendered manifests to DIR"),
    R(["--post-renderer"], "runs a post-renderer program"),
  ],
  psql: [
    W(["-o", "--output", "-L", "--log-file"], "writes query results to FILE"),
    O(["-f", "--file"], "runs SQL from a file"),
  ],
  mysql: [W(["--tee"], "copies the session to FILE"), R(["--pager"], "runs PAGER")],
  sqlite3: [O(["-init", "-cmd"], "runs commands before the query")],
  // Downloaders are `unknown` whatever they write; the table only lets a write outside the workspace count.
  curl: [
    W(
      ["-o", "--output", "-D", "--dump-header", "-c", "--cookie-jar", "--trace", "--trace-ascii", "--stderr"],
      "writes FILE",
    ),
    W(["--output-dir"], "writes into DIR"),
  ],
  wget: [
    W(["-O", "--output-document", "-o", "--output-file", "-a", "--append-output"], "writes FILE"),
    W(["-P", "--directory-prefix"], "writes into DIR"),
  ],
};

/** Commands whose own class (unknown) an option that writes inside the workspace must not lower to `write`. */
export const UNBOUNDED_COMMANDS: readonly string[] = ["curl", "wget"];

export const EFFECT_COMMANDS = [
  ...new Set(Object.keys(OPTION_EFFECTS).map((k) => k.split(" ")[0] as string)),
];

export interface FoundEffect {
  effect: OptionEffect;
  /** The flag as written. */
  flag: string;
  /** The value (file or program), when the option has one. */
  value?: Arg;
  /** For `rest`: the words of the command it runs. */
  rest?: Arg[];
}

/** Which table entry applies to `name` whose first operand is `sub`: `git log` before `git`. */
export function effectsKey(name: string, sub: Arg | undefined): string | undefined {
  if (sub?.literal && OPTION_EFFECTS[`${name} ${sub.text}`]) return `${name} ${sub.text}`;
  return OPTION_EFFECTS[name] ? name : undefined;
}

function longMatches(flag: string, given: string): boolean {
  // GNU getopt and git's parse-options accept a unique prefix; an ambiguous one is an error, so treating every
  // prefix of two or more letters as the flag can only over-report.
  return flag === given || (given.length >= 2 && flag.startsWith(given));
}

/**
 * Every option of `args` (words after the command name) that writes or runs, per the table entry for `key`.
 * `valueShort` are the command's other short letters that take a value (their value ends a cluster).
 */
export function findEffects(key: string, args: readonly Arg[], valueShort = ""): FoundEffect[] {
  const table = OPTION_EFFECTS[key] ?? [];
  const found: FoundEffect[] = [];
  const add = (effect: OptionEffect, flag: string, value: Arg | undefined, i: number): number => {
    if (effect.value === "rest") {
      const rest: Arg[] = [];
      let j = i + 1;
      for (; j < args.length && args[j]?.text !== ";"; j++) rest.push(args[j] as Arg);
      found.push({ effect, flag, rest });
      return j;
    }
    const f: FoundEffect = { effect, flag };
    if (value) f.value = value;
    found.push(f);
    return i;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as Arg;
    const text = arg.text;
    if (!text.startsWith("-") || text === "-") continue;
    if (text === "--" && arg.literal) break;
    const eq = text.indexOf("=");
    // `--output="$F"` is not literal as a whole, but its flag is: the value is what is computed.
    if (!arg.literal && (eq < 0 || /[$`"'\\]/.test(text.slice(0, eq)))) continue;
    const head = eq < 0 ? text : text.slice(0, eq);
    const attached: Arg | undefined = eq < 0 ? undefined : { text: text.slice(eq + 1), literal: arg.literal };
    // One-dash words (`-fprint`, `-out=FILE`) and long options.
    const word = table.find((e) =>
      e.flags.some((f) =>
        f.startsWith("--")
          ? head.startsWith("--") && longMatches(f.slice(2), head.slice(2))
          : f.length > 2 && f === head,
      ),
    );
    if (word) {
      const next = word.value === "required" && !attached ? args[++i] : undefined;
      i = add(word, head, attached ?? next, i);
      continue;
    }
    if (text.startsWith("--")) continue;
    // A cluster of short letters: `-uo FILE`, `-oFILE`.
    for (let j = 1; j < text.length; j++) {
      const letter = text[j] as string;
      const effect = table.find((e) => e.flags.includes(`-${letter}`));
      const rest = text.slice(j + 1);
      if (effect) {
        let value: Arg | undefined;
        if (effect.value === "required") value = rest ? { text: rest, literal: true } : args[++i];
        else if (effect.value === "optional" && rest) value = { text: rest, literal: true };
        i = add(effect, `-${letter}`, value, i);
        break;
      }
      if (valueShort.includes(letter)) {
        if (!rest) i++;
        break;
      }
    }
  }
  return found;
}
