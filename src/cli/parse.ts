import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { UserError } from "../app/user-error.ts";
import { editDistance } from "../util/edit-distance.ts";
import { messageOf } from "../util/message-of.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * node:util parseArgs with usage errors turned into one-line UserErrors (exit 2, no stack) that point at the
 * command's own help, and name the option meant when an unknown one is a typo of it.
 * @param command as typed after `tandem` ("exec", "policy check"); "" for the UI's options.
 */
export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = messageOf(error).replace(/\. To specify.*$/s, "");
    const unknown = /^Unknown option '(-{1,2}[^']*)'/.exec(message)?.[1];
    const meant = unknown ? closeOption(unknown, options) : undefined;
    const where = command ? `${command}: ` : "";
    const help = command ? `tandem ${command} --help` : "tandem --help";
    throw new UserError(`${where}${message}.${meant ? ` Did you mean ${meant}?` : ""} Run ${help}.`);
  }
}

function closeOption(typed: string, options: Options): string | undefined {
  const name = typed.replace(/^-+/, "").split("=")[0] ?? "";
  const close = Object.keys(options).find((o) => editDistance(o, name) <= (o.length > 4 ? 2 : 1));
  return close ? `--${close}` : undefined;
}

export function parsePositiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new UserError(`${flag} takes a whole number above 0, not "${value}"`);
  return n;
}

/**
 * A folder flag (`--cwd DIR`) resolved to an absolute path and checked to be a folder, so a typo is one line
 * and exit 2 instead of a git or sandbox failure deeper down. No value: the current directory.
 */
export async function parseDirectory(flag: string, value: string | undefined): Promise<string> {
  if (value === undefined) return process.cwd();
  const dir = resolve(value);
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new UserError(`${flag} ${value}: no such directory`);
  if (!info.isDirectory()) throw new UserError(`${flag} ${value}: not a directory`);
  return dir;
}
