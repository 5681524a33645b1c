/**
 * The `tandem` command. Start-up stays lean: this file imports nothing heavy, and each subcommand's module is
 * loaded only when that subcommand runs.
 */
import { UserError } from "../app/user-error.ts";
import { type CommandContext, OUTPUT_CLOSED_EXIT, watchClosedOutput } from "./closed-output.ts";

const HELP = `tandem — a coding agent for your terminal, any model

Usage:
  tandem [options]                   open the interactive UI in the current folder
  tandem resume [ID|last] [options]  reopen a saved session of this folder in the UI (no ID: pick one)
  tandem exec [options] "PROMPT"     run one task to completion (PROMPT "-" reads stdin)
  tandem sessions [--json]           list saved sessions, newest first
  tandem models                      list the model catalog
  tandem apply-patch [--dry-run] [-C DIR] < PATCH
                                     apply a Codex-format patch; nothing changes on any failure
  tandem policy check [--json] [--cwd DIR] [--mode M] "COMMAND"
                                     classify a shell command's risk and the decision for a mode
  tandem sandbox [--mode M] [--network] [--cwd DIR] -- CMD [ARGS…]
                                     run one command in the sandbox
  tandem checkpoints [list | diff N | restore N | repair] [--cwd DIR]
  tandem undo [--cwd DIR] [--overwrite]
                                     restore the workspace to before the last step (files you changed
                                     since are kept unless --overwrite)
  tandem trust [--cwd DIR] [--revoke]
                                     approve the model/provider a project's .tandem/config.toml asks for
  tandem --version | --help

Session options (the UI and exec):
  -m, --model provider/model   e.g. openai/gpt-5.3-codex, anthropic/claude-opus-4-6, ollama/qwen3-coder
  -C, --cwd DIR                workspace (default: current directory)
      --mode ask|auto|full     approvals (default: ask in the UI; auto in exec: runs sandboxed, destructive
                               commands guarded)
      --sandbox read-only|workspace-write|full-access
                               shell sandbox (default workspace-write; full-access in --mode full)
      --network                allow network inside the sandbox

exec options (besides the session options):
      --json                   one event per line (see docs/events.md)
      --resume ID|last         continue a saved session of this folder (last: its newest)
      --diff                   print the run's diff after the list of changed files
      --max-turns N            model requests allowed in this turn (default 100)

Exit codes: 0 done, 1 failed, 2 usage or config error, 130 interrupted, 141 output closed (… | head).
Docs: README.md, docs/config.md, docs/events.md`;

type Command = (args: string[], context: CommandContext) => Promise<number>;

const INFO_FLAGS = new Set(["--help", "-h", "--version", "-V"]);

const commands: Record<string, () => Promise<Command>> = {
  exec: async () => (await import("./exec.ts")).execCommand,
  sessions: async () => (await import("./sessions.ts")).sessionsCommand,
  models: async () => (await import("./models.ts")).modelsCommand,
  "apply-patch": async () => (await import("./apply-patch.ts")).applyPatchCommand,
  policy: async () => (await import("./policy.ts")).policyCommand,
  sandbox: async () => (await import("./sandbox.ts")).sandboxCommand,
  checkpoints: async () => (await import("./checkpoints.ts")).checkpointsCommand,
  undo: async () => (await import("./checkpoints.ts")).undoCommand,
  trust: async () => (await import("./trust.ts")).trustCommand,
};

async function main(argv: string[], context: CommandContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "resume" || (name.startsWith("-") && !INFO_FLAGS.has(name))) {
    return (await import("./ui.ts")).uiCommand(name === "resume" ? rest : argv, name === "resume");
  }
  if (name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (name === "--version" || name === "-V") {
    const { version } = await import("./version.ts");
    process.stdout.write(`tandem ${version()}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) throw new UserError(`unknown command "${name}". Run tandem --help.`);
  return (await load())(rest, context);
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
