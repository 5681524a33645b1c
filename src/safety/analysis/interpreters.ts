/**
 * Inline interpreter code: `python -c`, `node -e`, `perl -e`, `ruby -e`, `php -r`, `deno eval`, `bun -e`, and
 * interpreters reading code from a here-doc or a pipe. Code we can read is scanned with the table below for
 * file deletion and truncation; shell commands it passes to os.system/subprocess/execSync/system/backticks are
 * parsed and analysed like any command. Inline code is never better than unknown (except a pure perl s///).
 */
import type { Stdin } from "./commands.ts";
import { type CodeOrigin, FETCHERS, stdinCode, templateOf } from "./shells.ts";
import type { Arg, Risk } from "./types.ts";

export type Lang = "python" | "node" | "perl" | "ruby" | "php";

export interface CodeRule {
  name: string;
  langs: readonly Lang[];
  pattern: RegExp;
  risk: Risk;
  reason: string;
  /** Whole commands this rule must fire on (checked at load). */
  examples: readonly string[];
  notExamples?: readonly string[];
}

export const CODE_RULES: CodeRule[] = [
  {
    name: "python-delete",
    langs: ["python"],
    pattern:
      /\b(shutil\.rmtree|rmtree|os\.(remove|unlink|rmdir|removedirs)|send2trash)\b|\.(unlink|rmdir)\s*\(/,
    risk: "destructive",
    reason: "python code deletes files",
    examples: [
      `python3 -c "import shutil; shutil.rmtree('src')"`,
      `python -c 'import os; os.remove("a.txt")'`,
      "python3 -c 'from pathlib import Path; Path(\"x\").unlink()'",
    ],
  },
  {
    name: "python-truncate",
    langs: ["python"],
    pattern:
      /\bopen\s*\([^)]*,\s*(mode\s*=\s*)?[rbf]?["'][wx][bt+]*["']|\.write_(text|bytes)\s*\(|os\.truncate|\.truncate\s*\(/,
    risk: "destructive",
    reason: "python code truncates or overwrites files",
    examples: [
      `python3 -c "open('main.py','w').write('')"`,
      `python3 -c "from pathlib import Path; Path('a').write_text('x')"`,
    ],
    notExamples: [`python3 -c "print(open('a.txt').read())"`],
  },
  {
    name: "node-delete",
    langs: ["node"],
    pattern:
      /\b(rmSync|rmdirSync|unlinkSync|rimraf|fs\.(rm|rmdir|unlink)|promises\.(rm|rmdir|unlink)|fsp?\.(rm|unlink)|del(Sync)?\s*\(|remove(Sync)?\s*\()/,
    risk: "destructive",
    reason: "node code deletes files",
    examples: [`node -e "require('fs').rmSync('src', { recursive: true })"`, `node -e "fs.unlinkSync('a')"`],
  },
  {
    name: "node-truncate",
    langs: ["node"],
    pattern: /\b(writeFileSync|writeFile|truncateSync|truncate|createWriteStream|ftruncate(Sync)?)\s*\(/,
    risk: "destructive",
    reason: "node code truncates or overwrites files",
    examples: [`node -e "require('fs').writeFileSync('main.ts', '')"`],
  },
  {
    name: "perl-delete",
    langs: ["perl"],
    pattern:
      /\b(unlink|rmtree|remove_tree|rmdir)\b|open\s*\(?\s*(my\s+)?\$?\w+\s*,\s*(["']\s*>[^>]|["']>\s*["']|["']\+>)/,
    risk: "destructive",
    reason: "perl code deletes or truncates files",
    examples: [
      "perl -e 'unlink glob \"*.ts\"'",
      "perl -e 'use File::Path; rmtree(\"src\")'",
      'perl -e \'open(my $f, ">", "a.txt")\'',
    ],
  },
  {
    name: "ruby-delete",
    langs: ["ruby"],
    pattern:
      /\b(File\.(delete|unlink|truncate|write)|FileUtils\.(rm|rm_r|rm_rf|rm_f|remove|remove_dir|remove_entry|rmtree|rmdir)|Dir\.(rmdir|delete|unlink)|File\.open\s*\([^)]*,\s*["']w)/,
    risk: "destructive",
    reason: "ruby code deletes or truncates files",
    examples: [`ruby -e "require 'fileutils'; FileUtils.rm_rf('src')"`, `ruby -e "File.delete('a.txt')"`],
  },
  {
    name: "php-delete",
    langs: ["php"],
    pattern: /\b(unlink|rmdir|file_put_contents|ftruncate)\s*\(|fopen\s*\([^)]*,\s*["']w/,
    risk: "destructive",
    reason: "php code deletes or truncates files",
    examples: [`php -r "unlink('a.txt');"`],
  },
];

export type InterpreterRun =
  /** `dynamic`: the code has shell expansions in it; `code` is its template (see shells.ts). */
  | { kind: "code"; lang: Lang; via: string; code: string; inPlace: boolean; dynamic?: boolean }
  | { kind: "origin"; lang: Lang; origin: CodeOrigin }
  /** `python -m pytest …`: analyse as the module's own command. */
  | { kind: "module"; argv: Arg[]; via: string }
  | { kind: "script"; lang: Lang; via: string; file: string; args: Arg[] };

interface Spec {
  lang: Lang;
  /** Option letters that introduce inline code. */
  code: string;
  /** Long options that introduce inline code. */
  codeLong: readonly string[];
  /** Option letters that take some other value. */
  value: string;
  /** Option letter for a module (`-m`). */
  module?: string;
}

const SPECS: Record<string, Spec> = {
  python: { lang: "python", code: "c", codeLong: [], value: "WXQ", module: "m" },
  node: { lang: "node", code: "ep", codeLong: ["eval", "print"], value: "rC", module: undefined },
  perl: { lang: "perl", code: "eE", codeLong: [], value: "IMmdDx", module: undefined },
  ruby: { lang: "ruby", code: "e", codeLong: [], value: "IrCEFx", module: undefined },
  php: { lang: "php", code: "r", codeLong: [], value: "cdzf", module: undefined },
  bun: { lang: "node", code: "ep", codeLong: ["eval", "print"], value: "r", module: undefined },
};

export function interpreterSpec(name: string): Spec | undefined {
  if (/^(python|pypy)(\d+(\.\d+)*)?$/.test(name)) return SPECS.python;
  if (name === "nodejs") return SPECS.node;
  return SPECS[name];
}

/** Where an interpreter's code comes from; undefined when `name` is not an interpreter or runs no code. */
export function interpreterRun(
  name: string,
  argv: readonly Arg[],
  stdin: Stdin | undefined,
): InterpreterRun | undefined {
  if (name === "deno" && argv[1]?.text === "eval") return codeRun("node", "deno eval", argv[2]);
  const spec = interpreterSpec(name);
  if (!spec) return undefined;
  const via = name;
  const codes: Arg[] = [];
  let inPlace = false;
  let i = 1;
  while (i < argv.length) {
    const arg = argv[i] as Arg;
    if (!arg.literal || !arg.text.startsWith("-") || arg.text === "-") break;
    i++;
    if (arg.text === "--") break;
    if (arg.text.startsWith("--")) {
      const [long, value] = arg.text.slice(2).split(/=(.*)/s);
      if (spec.codeLong.includes(long ?? ""))
        codes.push(
          value !== undefined
            ? { text: value, literal: arg.literal }
            : (argv[i++] ?? { text: "", literal: true }),
        );
      continue;
    }
    for (let j = 1; j < arg.text.length; j++) {
      const letter = arg.text[j] as string;
      const attached = arg.text.slice(j + 1);
      if (letter === "i" && (spec.lang === "perl" || spec.lang === "ruby")) {
        inPlace = true;
        continue;
      }
      if (letter === spec.module) {
        const mod = attached !== "" ? { text: attached, literal: true } : argv[i++];
        if (!mod) return undefined;
        return { kind: "module", argv: [mod, ...argv.slice(i)], via: `${name} -m` };
      }
      if (spec.code.includes(letter)) {
        const code = attached !== "" ? { text: attached, literal: true } : argv[i++];
        if (code) codes.push(code);
        break;
      }
      if (spec.value.includes(letter)) {
        if (attached === "") i++;
        break;
      }
    }
  }
  if (codes.length > 0) {
    const bad = codes.find((c) => !c.literal);
    if (bad) return dynamicCode(spec.lang, `${via} -${spec.code[0]}`, codes, inPlace);
    return {
      kind: "code",
      lang: spec.lang,
      via: `${via} -${spec.code[0]}`,
      code: codes.map((c) => c.text).join("\n"),
      inPlace,
    };
  }
  // `node --test` and `node --run` run the project's own tests and scripts: the command rules judge them.
  if (spec.lang === "node" && argv.some((a) => a.text === "--test" || a.text === "--run")) return undefined;
  const script = argv[i];
  if (name === "bun") return undefined;
  if (script && script.text !== "-") {
    if (!script.literal)
      return {
        kind: "origin",
        lang: spec.lang,
        origin: { kind: "dynamic", via, fetched: false, text: script.text },
      };
    return { kind: "script", lang: spec.lang, via, file: script.text, args: argv.slice(i + 1) };
  }
  const origin = stdinCode(stdin, via);
  if (origin.kind === "source")
    return { kind: "code", lang: spec.lang, via: origin.via, code: origin.text, inPlace };
  return { kind: "origin", lang: spec.lang, origin };
}

function codeRun(lang: Lang, via: string, code: Arg | undefined): InterpreterRun {
  if (!code) return { kind: "origin", lang, origin: { kind: "interactive", via } };
  if (!code.literal) return dynamicCode(lang, via, [code], false);
  return { kind: "code", lang, via, code: code.text, inPlace: false };
}

/** Inline code with shell expansions: decode-and-run when fetched, else scanned through its template. */
function dynamicCode(lang: Lang, via: string, codes: readonly Arg[], inPlace: boolean): InterpreterRun {
  const bad = codes.find((c) => !c.literal) as Arg;
  const fetched = codes.some((c) => (c.runs ?? []).some((n) => FETCHERS.has(n.replace(/^.*\//, ""))));
  if (fetched) return { kind: "origin", lang, origin: { kind: "dynamic", via, fetched, text: bad.text } };
  return { kind: "code", lang, via, code: templateOf(codes) ?? bad.text, inPlace, dynamic: true };
}

const SHELL_CALL =
  /\b(os\.system|os\.popen|subprocess\.\w+|commands\.getoutput|execSync|execFileSync|exec|execFile|spawnSync|spawn|system|shell_exec|passthru|popen|proc_open|Open3\.\w+|IO\.popen)\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g;
const STRING_LITERAL = /([fbru]{0,2})("""|'''|"|'|`)((?:\\.|(?!\2)[^\\])*)\2/gis;
const BACKTICKS = /`([^`]*)`|%x\{([^}]*)\}|qx\{([^}]*)\}/g;

function stringsIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(STRING_LITERAL)) {
    let value = (m[3] ?? "").replace(/\\(["'\\])/g, "$1");
    // Interpolated parts are unknown at analysis time: keep them as a shell variable.
    if ((m[1] ?? "").toLowerCase().includes("f")) value = value.replace(/\{[^}]*\}/g, "$X");
    value = value.replace(/\$\{[^}]*\}|#\{[^}]*\}/g, "$X");
    out.push(value);
  }
  return out;
}

const shellQuote = (w: string) => (/^[\w@%+=:,./$-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`);

/** Shell command lines that `code` hands to a shell or runs as a program. */
export function embeddedCommands(lang: Lang, code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(SHELL_CALL)) {
    const strings = stringsIn(m[2] ?? "");
    if (strings.length === 1) out.push(strings[0] as string);
    else if (strings.length > 1) out.push(strings.map(shellQuote).join(" "));
  }
  if (lang === "ruby" || lang === "perl" || lang === "php") {
    for (const m of code.matchAll(BACKTICKS)) out.push(m[1] ?? m[2] ?? m[3] ?? "");
  }
  return out.filter((c) => c.trim() !== "");
}

/** A perl/ruby program that is nothing but s/// or tr///: an edit, not arbitrary code. */
export function isPureSubstitution(code: string): boolean {
  return /^\s*(s|y|tr)([^\w\s])(?:\\.|(?!\2).)*\2(?:\\.|(?!\2).)*\2[a-z]*\s*;?\s*$/s.test(code);
}
