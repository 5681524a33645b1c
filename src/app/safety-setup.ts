/**
 * The safety layer of one session: the permission mode, the OS sandbox for shell commands, the rules, the
 * checkpoint store, the undo journal and the gate that ties them together. Resolved from the front end's choice
 * (command line), then config, then defaults: exec runs `auto`, the interactive UI `ask`; the sandbox is
 * `workspace-write` except in `full` mode (`full-access`); network is off. Nothing the model sends reaches here.
 */
import { join } from "node:path";
import type { AnyTool } from "../core/tool.ts";
import { loadAnalyzer } from "../safety/analysis/index.ts";
import { createCheckpointStore } from "../safety/checkpoints/index.ts";
import { createSafetyGate, type SafetyGate } from "../safety/gate.ts";
import { createUndoJournal, safetyPaths } from "../safety/journal.ts";
import type { Mode } from "../safety/policy.ts";
import { loadRules, RulesError } from "../safety/rules/index.ts";
import { createSandbox, type Sandbox, type SandboxMode, SandboxUnavailableError } from "../sandbox/index.ts";
import type { ConfigFile } from "./config-schema.ts";
import { UserError } from "./user-error.ts";

export interface SafetyChoice {
  /** From the command line; wins over config. */
  mode?: Mode;
  sandbox?: SandboxMode;
  network?: boolean;
}

export interface SafetySetupOptions extends SafetyChoice {
  home: string;
  cwd: string;
  config: ConfigFile;
  interactive: boolean;
}

export interface SafetySetup {
  mode: Mode;
  sandbox: Sandbox;
  gate: SafetyGate;
  warnings: string[];
}

export async function setupSafety(options: SafetySetupOptions): Promise<SafetySetup> {
  // Parser load and rule self-checks run in the background while config and the model are resolved.
  const analyzer = loadAnalyzer();
  analyzer.catch(() => undefined);
  const mode: Mode = options.mode ?? options.config.mode ?? (options.interactive ? "ask" : "auto");
  const sandboxMode: SandboxMode =
    options.sandbox ?? options.config.sandbox ?? (mode === "full" ? "full-access" : "workspace-write");
  const network = options.network ?? options.config.network ?? false;
  let sandbox: Sandbox;
  try {
    sandbox = createSandbox({ mode: sandboxMode, workspace: options.cwd, network, tandemHome: options.home });
  } catch (error) {
    if (error instanceof SandboxUnavailableError) {
      throw new UserError(
        `${error.message}\nTo run without a sandbox, say so explicitly: --sandbox full-access (or --mode full).`,
      );
    }
    throw error;
  }
  let rules: Awaited<ReturnType<typeof loadRules>>;
  try {
    rules = await loadRules({
      user: join(options.home, "rules.toml"),
      project: join(options.cwd, ".tandem", "rules.toml"),
    });
  } catch (error) {
    if (error instanceof RulesError) throw new UserError(error.message);
    throw error;
  }
  const paths = safetyPaths(options.home, options.cwd);
  const gate = createSafetyGate({
    mode,
    rules,
    workspace: options.cwd,
    checkpoints: createCheckpointStore({ workspace: options.cwd, storeDir: paths.storeDir }),
    journal: createUndoJournal(paths.journal),
    trashDir: paths.trashDir,
  });
  return { mode, sandbox, gate, warnings: [...rules.warnings] };
}

/** Appends the gate's note (justification recorded, backup made) to a tool's result for the model. */
export function withGateNotes(tool: AnyTool, gate: SafetyGate): AnyTool {
  return {
    ...tool,
    async execute(args, context) {
      const result = await tool.execute(args, context);
      const note = gate.takeNote(context.callId);
      return note ? { ...result, content: `${result.content}\n${note}` } : result;
    },
  };
}
