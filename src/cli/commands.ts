/**
 * The command table: every `tandem` subcommand with its usage text and its module, loaded only when it runs
 * (start-up stays lean: this file is text). `tandem NAME --help` prints `help`; a command without one does not
 * compile, and test/cli/help.test.ts runs `--help` for every entry and sub-command listed here.
 */
import type { CommandContext } from "./closed-output.ts";

export type Command = (args: string[], context: CommandContext) => Promise<number>;

export interface CommandSpec {
  name: string;
  /** What `tandem NAME --help` (and `tandem help NAME`) prints: starts with "Usage:". */
  help: string;
  /** Its sub-commands (`policy check`); `tandem NAME SUB --help` prints the same `help`, which covers them. */
  subcommands?: readonly string[];
  load: () => Promise<Command>;
  /** Started before `load`, to run while the command's modules load (exec: the sandbox probe). Default none. */
  warmUp?: () => void;
}

const SESSION_OPTIONS = `Session options:
  -m, --model provider/model   e.g. openai/gpt-5.3-codex, anthropic/claude-opus-4-6, ollama/qwen3-coder
  -C, --cwd DIR                workspace (default: current directory)
      --mode ask|auto|full     approvals (default: ask in the UI; auto in exec: runs sandboxed, destructive
                               commands guarded)
      --sandbox read-only|workspace-write|full-access
                               shell sandbox (default workspace-write; full-access in --mode full)
      --network                allow network inside the sandbox`;

/** `tandem --help`. */
export const OVERVIEW = `tandem — a coding agent for your terminal, any model

Usage:
  tandem [options]                   open the interactive UI in the current folder
  tandem resume [ID|last] [options]  reopen a saved session of this folder in the UI (no ID: pick one)
  tandem exec [options] "PROMPT"     run one task to completion (piped input is added to the prompt)
  tandem sessions [--json]           list saved sessions, newest first
  tandem models [--json]             list the model catalog
  tandem config [--json] [--cwd DIR] the effective configuration, where each value came from, which keys are set
  tandem doctor [--cwd DIR]          check git, ripgrep, the sandbox, the model and its key
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
  tandem help [COMMAND], tandem COMMAND --help
  tandem -v, --version

${SESSION_OPTIONS}

Exit codes: 0 done, 1 failed, 2 usage or config error, 3 (exec) done but a tool call was refused,
130 interrupted, 141 output closed (… | head).
Docs: README.md, docs/config.md, docs/events.md`;

const load =
  <K extends string>(module: () => Promise<Record<K, Command>>, name: K) =>
  async (): Promise<Command> =>
    (await module())[name];

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: "exec",
    help: `Usage: tandem exec [options] "PROMPT"
       tandem exec [options] -            (the prompt is read from stdin)
       COMMAND | tandem exec [options] "PROMPT"

Runs one task to completion without asking anything: the answer streams to stdout; one line per tool call
and a summary go to stderr. Text piped into tandem is added to the prompt (up to 100,000 characters; a
longer input is cut, and tandem says so). A pipe that stays open with nothing on it for 5 s is not waited
for (tandem says so); a file (< FILE) is always read.

${SESSION_OPTIONS}

exec options:
      --json                   one event per line on stdout (see docs/events.md)
      --resume ID|last         continue a saved session of this folder (last: its newest)
      --diff                   print the run's diff after the list of changed files
      --max-steps N            model requests allowed in this turn (default: max_steps from config, else
                               100); --max-turns N is its old name, still accepted

Exit codes: 0 done, 1 failed, 2 usage or config error, 3 done but the safety policy refused a tool call,
130 interrupted, 141 output closed.`,
    load: load(() => import("./exec.ts"), "execCommand"),
    // bubblewrap's probe (~20 ms, more under load) runs while exec's modules load and its config is read; with
    // its last good answer on disk, it runs only once the first request is written (src/sandbox/probe-cache.ts).
    warmUp: () => {
      import("../sandbox/detect.ts")
        .then((m) => m.startSandboxProbe({ cacheFile: m.probeCacheFile(process.env) }))
        .catch(() => undefined);
    },
  },
  {
    name: "resume",
    help: `Usage: tandem resume [ID|last] [options]

Reopens a saved session of this folder in the interactive UI (last: its newest); without an ID, picks one
from a list. A session from another folder needs its id and names that folder. (tandem sessions lists them;
tandem exec --resume continues one without the UI.)

${SESSION_OPTIONS}`,
    load: load(() => import("./ui.ts"), "resumeCommand"),
  },
  {
    name: "sessions",
    help: `Usage: tandem sessions [--json]

Lists the saved sessions (in TANDEM_HOME/sessions), newest activity first.

      --json                   as a JSON array`,
    load: load(() => import("./sessions.ts"), "sessionsCommand"),
  },
  {
    name: "models",
    help: `Usage: tandem models [--json]

Lists the model catalog: built-in models and those in your config, with context window, prices per
million tokens ("no price" when the cost of a request is unknown) and edit format.

      --json                   as a JSON array`,
    load: load(() => import("./models.ts"), "modelsCommand"),
  },
  {
    name: "config",
    help: `Usage: tandem config [--json] [--cwd DIR]

Shows the effective configuration for a folder and where each value came from: the user config
(TANDEM_HOME/config.toml), the project's .tandem/config.toml, an environment variable or the default. Lists
which provider key variables are set, never their values.

  -C, --cwd DIR                the folder to look from (default: current directory)
      --json                   as JSON`,
    load: load(() => import("./config.ts"), "configCommand"),
  },
  {
    name: "doctor",
    help: `Usage: tandem doctor [--cwd DIR]

Checks what tandem needs: Node.js, git, ripgrep (optional), the bubblewrap sandbox, the config and rules
files, the model and its key (set or not, never its value). Exits 1 when something required is missing or a
file does not load.

  -C, --cwd DIR                the folder to check from (default: current directory)`,
    load: load(() => import("./doctor.ts"), "doctorCommand"),
  },
  {
    name: "apply-patch",
    help: `Usage: tandem apply-patch [--dry-run] [-C DIR] < PATCH

Applies a Codex-format patch read from stdin. All or nothing: on any failure no file changes (exit 1).

      --dry-run                say what would change, change nothing
  -C, --cwd DIR                the folder the patch's paths are relative to (default: current directory)`,
    load: load(() => import("./apply-patch.ts"), "applyPatchCommand"),
  },
  {
    name: "policy",
    subcommands: ["check"],
    help: `Usage: tandem policy check [--json] [--cwd DIR] [--mode M] [--sandbox S] [--network] "COMMAND"

Classifies a shell command's risk (read-only, write, destructive, unknown) and the decision in a mode and
sandbox under your rules (TANDEM_HOME/rules.toml) and the project's (.tandem/rules.toml), with the reasons
and, when it would not run, how to allow it.

      --mode ask|auto|full     the mode to decide for (default auto)
      --sandbox read-only|workspace-write|full-access
                               (default: the mode's, as a session runs: full-access in full mode, else
                               workspace-write)
      --network                network on in the sandbox
  -C, --cwd DIR                the workspace (default: current directory)
      --json                   { risk, decision, reasons, howToAllow?, commands }`,
    load: load(() => import("./policy.ts"), "policyCommand"),
  },
  {
    name: "sandbox",
    help: `Usage: tandem sandbox [--mode M] [--network] [--cwd DIR] -- CMD [ARGS…]

Runs one command in the sandbox the model's commands run in (bubblewrap on Linux), with the same
environment (provider keys withheld). Exits with the command's exit code.

      --mode read-only|workspace-write|full-access
                               (default workspace-write)
      --network                allow network
  -C, --cwd DIR                the workspace (default: current directory)`,
    load: load(() => import("./sandbox.ts"), "sandboxCommand"),
  },
  {
    name: "checkpoints",
    subcommands: ["list", "diff", "restore", "repair"],
    help: `Usage: tandem checkpoints [--cwd DIR]
       tandem checkpoints list [--cwd DIR]
       tandem checkpoints diff N [--cwd DIR]
       tandem checkpoints restore N [--cwd DIR]
       tandem checkpoints repair [--cwd DIR]

The workspace's checkpoints, one per changing step, in tandem's shadow store (your own git repository is
never touched).
  list          the checkpoints, newest last (the default)
  diff N        what changed since checkpoint N
  restore N     put the workspace back as it was at checkpoint N (records the current state first, so the
                restore can be undone)
  repair        check and repair a damaged store

  -C, --cwd DIR                the workspace (default: current directory)`,
    load: load(() => import("./checkpoints.ts"), "checkpointsCommand"),
  },
  {
    name: "undo",
    help: `Usage: tandem undo [--cwd DIR] [--overwrite]

Restores the workspace to before the last step (a force push included). Files you changed since are kept
unless --overwrite. The current state is recorded first, so the undo itself can be reverted.

      --overwrite              also revert files you changed after the step
  -C, --cwd DIR                the workspace (default: current directory)`,
    load: load(() => import("./checkpoints.ts"), "undoCommand"),
  },
  {
    name: "trust",
    help: `Usage: tandem trust [--cwd DIR] [--revoke]

Approves the model and providers a project's .tandem/config.toml asks for, for this repository and this
exact file (a change to the file asks again).

      --revoke                 forget the approval
  -C, --cwd DIR                the project (default: current directory)`,
    load: load(() => import("./trust.ts"), "trustCommand"),
  },
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
