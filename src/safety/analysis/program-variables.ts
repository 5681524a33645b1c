/**
 * Environment variables that choose a program a command runs, or code it loads: `MANPAGER='rm -rf ~' man ls`,
 * `GIT_EXTERNAL_DIFF=./x git diff`, `LD_PRELOAD=./x.so ls`. Set in any spelling (a prefix, `env`, `export`, a
 * bare assignment earlier in the command), they make a reading command run something else. A variable whose
 * value is a command line is analysed as a command; the others cannot be bounded and are `unknown`.
 */
import type { Arg } from "./types.ts";

/** `command`: the value is a command line the program runs; `opaque`: it loads code or options we cannot see. */
export type VariableKind = "command" | "opaque";

export const PROGRAM_VARIABLES: Record<string, VariableKind> = {
  PAGER: "command",
  MANPAGER: "command",
  GIT_PAGER: "command",
  PSQL_PAGER: "command",
  SYSTEMD_PAGER: "command",
  BAT_PAGER: "command",
  DELTA_PAGER: "command",
  EDITOR: "command",
  VISUAL: "command",
  GIT_EDITOR: "command",
  GIT_SEQUENCE_EDITOR: "command",
  GIT_EXTERNAL_DIFF: "command",
  GIT_SSH: "command",
  GIT_SSH_COMMAND: "command",
  GIT_ASKPASS: "command",
  SSH_ASKPASS: "command",
  GIT_PROXY_COMMAND: "command",
  BROWSER: "command",
  GH_BROWSER: "command",
  GH_PAGER: "command",
  PROMPT_COMMAND: "command",
  LESSOPEN: "command",
  LESSCLOSE: "command",
  LD_PRELOAD: "opaque",
  LD_AUDIT: "opaque",
  LD_LIBRARY_PATH: "opaque",
  BASH_ENV: "opaque",
  ENV: "opaque",
  PERL5OPT: "opaque",
  RUBYOPT: "opaque",
  PYTHONSTARTUP: "opaque",
  PYTHONINSPECT: "opaque",
  GIT_CONFIG: "opaque",
  GIT_CONFIG_GLOBAL: "opaque",
  GIT_CONFIG_SYSTEM: "opaque",
  GIT_CONFIG_PARAMETERS: "opaque",
  GIT_CONFIG_COUNT: "opaque",
  GIT_EXEC_PATH: "opaque",
  GIT_DIR: "opaque",
  GIT_WORK_TREE: "opaque",
  GIT_TEMPLATE_DIR: "opaque",
  GIT_TRACE: "opaque",
  GIT_TRACE2: "opaque",
  GIT_TRACE2_EVENT: "opaque",
  GIT_TRACE_PACKET: "opaque",
  MANOPT: "opaque",
  LESS: "opaque",
  LESSKEY: "opaque",
  LESSKEYIN: "opaque",
  TAR_OPTIONS: "opaque",
  RIPGREP_CONFIG_PATH: "opaque",
  GREP_OPTIONS: "opaque",
  SHELLOPTS: "opaque",
};

/** `NODE_OPTIONS` only matters when it loads code (`--require ./x.js`); `--max-old-space-size` is harmless. */
const NODE_LOADS =
  /(^|\s)(-r|--require|--import|--loader|--experimental-loader|-e|--eval|-p|--print)(\s|=|$)/;

export type VariableVerdict =
  | { kind: "command"; source: string }
  | { kind: "opaque"; why: string }
  | undefined;

/** What setting `name` to `value` makes later commands run; undefined when it changes nothing we judge. */
export function judgeVariable(name: string, value: Arg): VariableVerdict {
  if (name === "NODE_OPTIONS")
    return !value.literal || NODE_LOADS.test(value.text)
      ? { kind: "opaque", why: "loads code into node" }
      : undefined;
  if (/^GIT_CONFIG_(KEY|VALUE)_\d+$/.test(name)) return { kind: "opaque", why: "sets a git config key" };
  // PATH decides which program every later name runs; appending keeps the system's programs first.
  if (name === "PATH")
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, not a JS template
    return value.text.startsWith("$PATH:") || value.text.startsWith("${PATH}:")
      ? undefined
      : { kind: "opaque", why: "changes which program each name runs" };
  // A trace level or descriptor only prints; a path makes git write that file.
  if (/^GIT_TRACE/.test(name) && /^(\d|true|false|yes|no|on|off)?$/i.test(value.text)) return undefined;
  // less options only matter when they log to a file (-o/-O), load key bindings (-k) or run a command (+).
  if (name === "LESS" && value.literal && !/(^|\s)-[a-zA-Z]*[oOk]|\+|--(log|LOG|lesskey)/.test(value.text))
    return undefined;
  const kind = PROGRAM_VARIABLES[name];
  if (kind === undefined || (value.literal && value.text === "")) return undefined;
  if (kind === "opaque" || !value.literal)
    return { kind: "opaque", why: "chooses a program or code to load" };
  // LESSOPEN is `|cmd %s` or `||cmd %s`.
  return { kind: "command", source: value.text.replace(/^\|+/, "").replaceAll("%s", '"$FILE"') };
}
