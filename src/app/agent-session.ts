/**
 * Wires one agent session together for a front end: config, model choice, provider clients, tools, project
 * instructions and the session store. Everything a front end needs to start work is one call.
 */
import { resolve } from "node:path";
import { type Agent, createAgent } from "../core/agent.ts";
import { loadInstructions } from "../core/instructions.ts";
import type { AnyTool } from "../core/tool.ts";
import type { PermissionMode } from "../protocol/permissions.ts";
import { buildSystemPrompt } from "../tools/system-prompt.ts";
import { createClient, streamTimeouts } from "./clients.ts";
import { loadConfig, sessionsDirOf, tandemHome } from "./config.ts";
import { pickModel } from "./default-model.ts";
import { createModelRegistry } from "./models.ts";
import { settleProjectChoices } from "./project-trust.ts";
import { providerKeyNames, secretValues } from "./provider-keys.ts";
import { findResumeTarget } from "./resume-target.ts";
import { type SafetyChoice, setupSafety, withGateNotes } from "./safety-setup.ts";
import { createToolSet } from "./tool-set.ts";
import { UserError } from "./user-error.ts";

export interface AgentSessionOptions extends SafetyChoice {
  /** Workspace; default the process's working directory. A resumed session must be one of this folder. */
  cwd?: string;
  /** Where keys, `TANDEM_HOME` and commands' environment come from; nothing else reads the process's. */
  env: NodeJS.ProcessEnv;
  /** tandem's home (config.toml, rules, checkpoints, sessions). Default `TANDEM_HOME` in `env`, else ~/.tandem. */
  home?: string;
  /** Where the session is saved: JSONL files in `dir`, or `memory` (nothing written, cannot be resumed). Default `{ dir: HOME/sessions }`. */
  storage?: { dir: string } | "memory";
  /** Tools added to the built-in ones (or the only ones, with `builtinTools: false`). Names must be unique. */
  tools?: AnyTool[];
  /** False: none of the built-in tools (shell, read, edit…). Default true. */
  builtinTools?: boolean;
  /** The HTTP client for model requests and the local-server probe. Default the global `fetch`. */
  fetch?: typeof fetch;
  /** `provider/model` chosen on the command line; wins over config. */
  model?: string;
  /** A session id of this folder, or `last` for its most recent one (src/app/resume-target.ts). */
  resume?: string;
  maxSteps?: number;
  /** Whether a person can answer approvals. */
  interactive: boolean;
  /**
   * Asks the user whether to use the model or provider the project's config asks for (docs/config.md). Absent:
   * nobody can answer, and an unapproved choice stops the session (UserError) before any request.
   */
  confirmProject?(question: string): Promise<boolean>;
  /** Warnings of the front end's own that join `warnings` (exec: the piped input was cut). Default none. */
  warnings?: readonly string[];
  /**
   * True: `warnings` are also emitted as the agent's `notice` events right after `session_started`, so the
   * stream alone says everything, every line enveloped (`tandem exec`, whose `--json` is that stream). Default
   * false: the front end shows `warnings` itself (the UI, `createSession`'s `warnings`).
   */
  warningsAsEvents?: boolean;
  // SafetyChoice: `mode` (default: exec auto, interactive ask), `sandbox` (default workspace-write, full mode
  // full-access), `network` (default false). Command-line choices; they win over config.
}

export interface AgentSession {
  agent: Agent;
  /** `provider/model` the session starts with. */
  model: string;
  cwd: string;
  /** The permission mode and sandbox in force (one line for the user). */
  safety: { mode: PermissionMode; sandbox: string };
  /** One line each: config warnings, an unknown model, how the model was picked. */
  warnings: string[];
}

function duplicateName(tools: readonly AnyTool[]): string | undefined {
  const seen = new Set<string>();
  for (const tool of tools) {
    if (seen.has(tool.name)) return tool.name;
    seen.add(tool.name);
  }
  return undefined;
}

export async function createAgentSession(options: AgentSessionOptions): Promise<AgentSession> {
  const home = options.home ? resolve(options.home) : tandemHome(options.env);
  // The one place the sessions folder is computed (config.ts), for this session's home.
  const storage = options.storage ?? { dir: sessionsDirOf({ ...options.env, TANDEM_HOME: home }) };
  const sessionsDir = storage === "memory" ? undefined : resolve(storage.dir);
  const cwd = options.cwd ? resolve(options.cwd) : process.cwd();
  let resumeId: string | undefined;
  let resumedModel: string | undefined;
  let resumedMode: SafetyChoice["mode"];
  if (options.resume) {
    if (!sessionsDir) throw new UserError("a session kept in memory cannot be resumed: give storage a dir");
    // Only a session of this folder: one from elsewhere is refused, never resumed over there.
    const found = await findResumeTarget({ sessionsDir, resume: options.resume, cwd });
    resumeId = found.id;
    resumedModel = found.model;
    // The mode the user last switched to in it (/mode); the command line still wins.
    resumedMode = found.mode;
  }

  const loaded = await loadConfig({ home, cwd });
  const warnings = loaded.warnings;
  const chosenModel = options.model ?? resumedModel;
  const settled = await settleProjectChoices({
    home,
    config: loaded.config,
    choices: loaded.project,
    ...(chosenModel ? { chosenModel } : {}),
    ...(options.confirmProject ? { confirm: options.confirmProject } : {}),
  });
  const config = settled.config;
  warnings.push(...settled.warnings);
  const safety = await setupSafety({
    home,
    cwd,
    config,
    interactive: options.interactive,
    env: options.env,
    // The UI's first request waits for the user: load while they type. exec loads once its request is sent.
    ...(options.interactive ? { preloadAfterMs: 100 } : {}),
    ...((options.mode ?? resumedMode) ? { mode: options.mode ?? resumedMode } : {}),
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
    ...(options.network !== undefined ? { network: options.network } : {}),
  });
  warnings.push(...safety.warnings);
  // From here the safety setup has started work (the gate's delayed load): a failure must stop it.
  try {
    const retry = config.retry?.max_retries === undefined ? {} : { maxRetries: config.retry.max_retries };
    const timeouts = streamTimeouts(config);
    const registry = createModelRegistry({
      config,
      env: options.env,
      createClient: (provider, apiKey) =>
        createClient(provider, apiKey, {
          retry,
          timeouts,
          ...(options.fetch ? { fetch: options.fetch } : {}),
          // The gate loads (and held after-step work starts) once a request is on its way, not while it is being
          // sent: loading it at the request's start delayed the first request by ~40 ms (docs/benchmarks.md).
          onRequestWritten: safety.gate.prepare,
        }),
    });
    const picked = await pickModel({
      registry,
      env: options.env,
      configured: options.model ?? resumedModel ?? config.model,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    const first = registry.resolve(picked.id);
    if ("error" in first) throw new UserError(first.error, first.code);
    if (first.warning) warnings.push(first.warning);
    if (picked.source === "local")
      warnings.push(`no model configured: using ${picked.id} from a local server`);

    const instructions = await loadInstructions({ cwd, home });
    const keyNames = providerKeyNames(config);
    const toolSet = createToolSet({
      cwd,
      wrap: (argv, dir, hold) => safety.prepareCommand(argv, dir, hold),
      env: options.env,
      keyNames,
    });
    const builtins = options.builtinTools === false ? [] : toolSet.tools;
    const extra = options.tools ?? [];
    // Any call may get a note from the gate (a justification recorded, a step run without a checkpoint).
    const tools: AnyTool[] = [...builtins, ...extra].map((t) => withGateNotes(t, safety.gate));
    const taken = duplicateName(tools);
    if (taken) throw new UserError(`two tools are named "${taken}": give the added tool another name`);
    const compaction = config.compaction
      ? {
          threshold: config.compaction.threshold ?? 0.8,
          ...(config.compaction.keep_recent_tokens
            ? { keepRecentTokens: config.compaction.keep_recent_tokens }
            : {}),
        }
      : undefined;

    warnings.push(...(options.warnings ?? []));
    const agent = createAgent({
      cwd,
      model: picked.id,
      resolveModel: (id) => {
        const r = registry.resolve(id);
        return "error" in r ? r : { model: r.model, client: r.client };
      },
      tools,
      toolsFor: (model) => {
        // The built-in set picks apply_patch or edit per model; added tools go to every model.
        const names = new Set([...toolSet.toolsFor(model), ...extra].map((t) => t.name));
        return tools.filter((t) => names.has(t.name));
      },
      gate: safety.gate,
      mode: safety.mode,
      secrets: secretValues(keyNames, options.env),
      systemPrompt: (_model, tools) => buildSystemPrompt({ tools, cwd, instructions }),
      interactive: options.interactive,
      ...(options.warningsAsEvents ? { notices: warnings } : {}),
      ...(sessionsDir
        ? { session: resumeId ? { dir: sessionsDir, resume: resumeId } : { dir: sessionsDir } }
        : {}),
      ...((options.maxSteps ?? config.max_steps) ? { maxSteps: options.maxSteps ?? config.max_steps } : {}),
      ...(compaction ? { compaction } : {}),
      ...(config.reasoning_effort ? { reasoningEffort: config.reasoning_effort } : {}),
    });
    return {
      agent,
      model: picked.id,
      cwd,
      warnings,
      safety: { mode: safety.mode, sandbox: safety.sandbox.describe() },
    };
  } catch (error) {
    await safety.gate.close();
    throw error;
  }
}
