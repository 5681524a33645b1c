/** Small pieces of the analysis: building parts, command names, redirections, find -exec. */
import { formatReason } from "./classify.ts";
import { isWriteRedirect, type RawCommand } from "./commands.ts";
import { gitDataPath } from "./git-data.ts";
import { createPathJudge } from "./paths.ts";
import { type Arg, type CommandPart, type Risk, worst } from "./types.ts";

const TRUSTED_DIRS = new Set([
  "/bin",
  "/usr/bin",
  "/usr/local/bin",
  "/sbin",
  "/usr/sbin",
  "/usr/local/sbin",
  "/opt/homebrew/bin",
  "/snap/bin",
]);

const texts = (argv: readonly Arg[]) => argv.map((a) => a.text);

export function part(
  argv: readonly Arg[],
  risk: Risk,
  reasons: string[],
  via: readonly string[],
): CommandPart {
  const p: CommandPart = { argv: texts(argv), risk, reasons, rules: [] };
  if (via.length > 0) p.via = [...via];
  return p;
}

/** `\rm` and `rm` are rm; `/usr/bin/rm` is rm; `./rm` or `/opt/x/rm` is some other program. */
export function commandName(text: string): string | undefined {
  if (!text.includes("/")) return text;
  if (text.includes("node_modules/.bin/")) return text.slice(text.lastIndexOf("/") + 1);
  const slash = text.lastIndexOf("/");
  return TRUSTED_DIRS.has(text.slice(0, slash)) ? text.slice(slash + 1) : undefined;
}

export function redirectVerdict(
  raw: RawCommand,
  roots: readonly string[],
): { risk: Risk; reasons: string[]; gitData: string[] } | undefined {
  const judge = createPathJudge({ cwd: raw.cwd, roots });
  let risk: Risk | undefined;
  const reasons: string[] = [];
  const add = (r: Risk, reason: string) => {
    risk = risk === undefined ? r : worst(risk, r);
    reasons.push(reason);
  };
  const gitData: string[] = [];
  for (const r of raw.redirects) {
    if (!isWriteRedirect(r)) continue;
    const place = judge.place(r.target);
    const shown = `${r.fd ?? ""}${r.op} ${r.target.text}`;
    const data = gitDataPath(r.target, raw.cwd);
    if (data !== undefined) {
      gitData.push(data);
      add(
        "destructive",
        formatReason(
          `${shown}: overwrites git's own data (checkpoints do not cover .git)`,
          "redirect-git-data",
        ),
      );
    } else if (place === "inside" || place === "scratch")
      add("write", formatReason(`${shown}: writes a file`, "redirect-write"));
    else if (place === "outside")
      add(
        "destructive",
        formatReason(
          `${shown}: writes outside the workspace (checkpoints cannot restore it)`,
          "redirect-outside-workspace",
        ),
      );
    else if (place === "unresolved")
      add("unknown", formatReason(`${shown}: target computed at run time`, "redirect-unresolved-target"));
  }
  return risk === undefined ? undefined : { risk, reasons, gitData };
}

/** The commands `find … -exec CMD {} ;` runs; `{}` is a path we cannot see. */
export function findExecs(args: readonly Arg[]): Arg[][] {
  const out: Arg[][] = [];
  for (let i = 0; i < args.length; i++) {
    if (!["-exec", "-execdir", "-ok", "-okdir"].includes(args[i]?.text ?? "")) continue;
    const cmd: Arg[] = [];
    for (i++; i < args.length && args[i]?.text !== ";" && args[i]?.text !== "+"; i++) {
      const a = args[i] as Arg;
      cmd.push(a.text.includes("{}") ? { text: a.text, literal: false } : a);
    }
    if (cmd.length > 0) out.push(cmd);
  }
  return out;
}
