/**
 * The `tandem` command. Start-up stays lean: this file imports nothing heavy, and each subcommand's module is
 * loaded only when that subcommand runs (the table is in commands.ts). `--help` anywhere in a command's own
 * arguments prints that command's usage and runs nothing.
 */
import { UserError } from "../app/user-error.ts";
import { editDistance } from "../util/edit-distance.ts";
import { type CommandContext, OUTPUT_CLOSED_EXIT, watchClosedOutput } from "./closed-output.ts";
import { COMMANDS, type CommandSpec, findCommand, OVERVIEW } from "./commands.ts";

const HELP_FLAGS = new Set(["--help", "-h"]);
/** `-v` as well as `-V`: what node, npm, git and Claude Code answer to; tandem has no verbose flag to clash. */
const VERSION_FLAGS = new Set(["--version", "-V", "-v"]);

/** `--help` or `-h` among a command's own arguments (not after `--`, where they belong to a program). */
function asksForHelp(args: string[]): boolean {
  const end = args.indexOf("--");
  return (end >= 0 ? args.slice(0, end) : args).some((a) => HELP_FLAGS.has(a));
}

async function main(argv: string[], context: CommandContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name !== undefined && VERSION_FLAGS.has(name)) {
    const { version } = await import("./version.ts");
    process.stdout.write(`tandem ${version()}\n`);
    return 0;
  }
  if (name === "help") {
    const topic = rest[0] === undefined ? undefined : findCommand(rest[0]);
    if (rest[0] !== undefined && !topic) throw unknownCommand(rest[0]);
    return printHelp(topic ? topic.help : OVERVIEW);
  }
  // No command, or options first: the interactive UI.
  if (name === undefined || name.startsWith("-")) {
    if (asksForHelp(argv)) return printHelp(OVERVIEW);
    return (await import("./ui.ts")).uiCommand(argv, false);
  }
  const spec = findCommand(name);
  if (!spec) throw unknownCommand(name);
  if (asksForHelp(rest)) return printHelp(spec.help);
  spec.warmUp?.();
  return (await spec.load())(rest, context);
}

function printHelp(text: string): number {
  process.stdout.write(`${text}\n`);
  return 0;
}

function unknownCommand(name: string): UserError {
  const close: CommandSpec | undefined = COMMANDS.find(
    (c) => editDistance(c.name, name) <= 2 || (name.length >= 3 && c.name.startsWith(name)),
  );
  const hint = close ? `Did you mean tandem ${close.name}? ` : "";
  return new UserError(`unknown command "${name}". ${hint}Run tandem --help.`);
}

const outputClosed = watchClosedOutput(process);
// The failed write is reported after the command may already have returned its code: set it here too.
outputClosed.addEventListener("abort", () => {
  process.exitCode = OUTPUT_CLOSED_EXIT;
});
main(process.argv.slice(2), { outputClosed }).then(
  (code) => {
    process.exitCode = outputClosed.aborted ? OUTPUT_CLOSED_EXIT : code;
  },
  (error: unknown) => {
    if (outputClosed.aborted) {
      // Whatever failed after the reader left has nobody to tell; exit as a filter cut off by its reader.
      process.exitCode = OUTPUT_CLOSED_EXIT;
      return;
    }
    if (error instanceof UserError) {
      process.stderr.write(`tandem: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(
      `tandem: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
