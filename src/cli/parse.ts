import { type ParseArgsConfig, parseArgs } from "node:util";
import { UserError } from "../app/user-error.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** node:util parseArgs with usage errors turned into UserErrors (exit 2, no stack). */
export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UserError(
      `${command}: ${(error as Error).message.replace(/\. To specify.*$/s, "")}. Run tandem --help.`,
    );
  }
}

export function parsePositiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new UserError(`${flag} takes a whole number above 0, not "${value}"`);
  return n;
}
