/**
 * git's global options, stripped so rules see the subcommand first (`git -C .. reset --hard` is `reset --hard`
 * run in `..`), and judged: a `-c`/`--config-env` setting that makes git run a program we cannot see, a pager or
 * editor setting whose program is analysed, `--exec-path=DIR`, and the directories `--git-dir`/`--work-tree`.
 */
import { resolve } from "node:path";
import type { Arg } from "./types.ts";

const GLOBAL_WITH_VALUE = new Set(["-C", "-c", "--git-dir", "--work-tree", "--namespace", "--config-env"]);
const GLOBAL_FLAGS = new Set([
  "--no-pager",
  "-p",
  "--paginate",
  "-P",
  "--bare",
  "--no-replace-objects",
  "--literal-pathspecs",
  "--no-optional-locks",
  "--exec-path",
]);

/**
 * `-c` settings that change only how git formats or chooses, never which program it runs or where it reads and
 * writes. Anything not listed (a filter, textconv, fsmonitor, hooksPath, include.path, credential.helper,
 * remote.*.uploadpack, core.worktree, and every key git adds later) is treated as running a program.
 */
const SAFE_CONFIG =
  /^(color(\..+)?|user\.(name|email)|author\.(name|email)|committer\.(name|email)|advice\..+|i18n\..+|init\.defaultbranch|safe\.directory|core\.(quotepath|abbrev|autocrlf|safecrlf|eol|filemode|ignorecase|precomposeunicode|longpaths|symlinks|untrackedcache|preloadindex|commitgraph|multipackindex|compression|bigfilethreshold|whitespace|warnambiguousrefs)|log\.(date|decorate|abbrevcommit|follow|mailmap|showroot|excludedecoration|graphcolors)|format\.(pretty|numbered|subjectprefix)|diff\.(noprefix|mnemonicprefix|renames|renamelimit|algorithm|colormoved|colormovedws|context|interhunkcontext|indentheuristic|relative|statgraphwidth|statnamewidth|submodule|ignoresubmodules|suppressblankempty|wserrorhighlight|dirstat)|pull\.(rebase|ff)|merge\.(ff|conflictstyle|log|renames|verbosity|stat)|rebase\.(autostash|autosquash|updaterefs|stat|abbreviatecommands|missingcommitscheck)|commit\.(gpgsign|verbose|cleanup|status)|tag\.(sort|gpgsign)|status\.(short|branch|showuntrackedfiles|relativepaths|submodulesummary|aheadbehind|renames|showstash)|branch\.(sort|autosetupmerge|autosetuprebase)|push\.(default|autosetupremote|followtags)|fetch\.(prune|prunetags|parallel|writecommitgraph)|gc\.auto(detach)?|maintenance\.auto|protocol\.version|http\.(sslverify|postbuffer|version|lowspeedlimit|lowspeedtime)|blame\.(date|coloring|markunblamablelines|markignoredlines)|grep\.(linenumber|patterntype|extendedregexp|column|fullname|fallbacktonoindex)|column\.\w+|feature\.\w+|rerere\.enabled|submodule\.recurse|checkout\.defaultremote)$/i;
/** Settings whose value is itself a command line (run through the shell): analysed like any command. */
const PROGRAM_CONFIG = /^(core\.pager|pager\.[^.]+|core\.editor|sequence\.editor|diff\.external)$/i;
const BOOLEAN = /^(true|false|yes|no|on|off|1|0)$/i;

export interface NormalizedGit {
  args: Arg[];
  cwd: string | undefined;
  /** Set when a `-c` or `--config-env` setting (or `--exec-path=DIR`) makes git run a program we cannot see. */
  runsConfig?: string;
  /** Literal programs a `-c` setting runs (`core.pager=less -R`): analysed as commands. */
  programs: string[];
  /** `--git-dir` and `--work-tree` values: where git reads and writes besides `cwd`. */
  dirs: Arg[];
}

/** Judges one `-c KEY=VALUE` (or `--config-env KEY=VAR`, whose value comes from the environment). */
function judgeSetting(value: Arg, fromEnv: boolean, out: NormalizedGit): void {
  if (!value.literal) {
    out.runsConfig = value.text;
    return;
  }
  const eq = value.text.indexOf("=");
  const key = eq < 0 ? value.text : value.text.slice(0, eq);
  const setting = eq < 0 ? "true" : value.text.slice(eq + 1);
  if (SAFE_CONFIG.test(key)) return;
  if (/^pager\./i.test(key) && !fromEnv && BOOLEAN.test(setting)) return;
  if (PROGRAM_CONFIG.test(key) && !fromEnv && eq > 0) out.programs.push(setting);
  else out.runsConfig = value.text;
}

export function normalizeGit(args: readonly Arg[], cwd: string | undefined): NormalizedGit {
  let i = 0;
  const out: NormalizedGit = { args: [], cwd, programs: [], dirs: [] };
  while (i < args.length) {
    const arg = args[i] as Arg;
    const text = arg.text;
    if (!arg.literal || !text.startsWith("-")) break;
    const eq = text.indexOf("=");
    const flag = text.startsWith("--") && eq > 0 ? text.slice(0, eq) : text;
    if (!GLOBAL_WITH_VALUE.has(flag) && !GLOBAL_FLAGS.has(flag)) break;
    i++;
    // `git --exec-path` prints the directory; `--exec-path=DIR` runs git's programs from DIR.
    if (flag === "--exec-path") {
      if (eq > 0) out.runsConfig = text;
      continue;
    }
    if (!GLOBAL_WITH_VALUE.has(flag)) continue;
    const value = flag === text ? args[i++] : { text: text.slice(eq + 1), literal: arg.literal };
    if (!value) break;
    if (flag === "-C")
      out.cwd =
        value.literal && out.cwd !== undefined
          ? resolve(out.cwd, value.text)
          : value.literal && value.text.startsWith("/")
            ? value.text
            : undefined;
    if (flag === "-c" || flag === "--config-env") judgeSetting(value, flag === "--config-env", out);
    if (flag === "--git-dir" || flag === "--work-tree") out.dirs.push(value);
  }
  out.args = args.slice(i);
  return out;
}
