/**
 * Wires one agent session together for a front end: config, model choice, provider clients, tools, project
 * instructions and the session store. Everything a front end needs to start work is one call.
 */
import { join, resolve } from "node:path";
import { type Agent, createAgent } from "../core/agent.ts";
import { loadInstructions } from "../core/instructions.ts";
import { listSessions } from "../core/session/list.ts";
import type { AnyTool } from "../core/tool.ts";
import { buildSystemPrompt } from "../tools/system-prompt.ts";
import { createClient, streamTimeouts } from "./clients.ts";
import { loadConfig, tandemHome } from "./config.ts";
import { pickModel } from "./default-model.ts";
import { createModelRegistry } from "./models.ts";
import { settleProjectChoices } from "./project-trust.ts";
import { providerKeyNames, secretValues } from "./provider-keys.ts";
import { type SafetyChoice, setupSafety, withGateNotes } from "./safety-setup.ts";
import { createToolSet } from "./tool-set.ts";
import { UserError } from "./user-error.ts";

export interface AgentSessionOptions extends SafetyChoice {
  /** Workspace; default the resumed session's folder, else the process's working directory. */
  cwd?: string;
  env: NodeJS.ProcessEnv;
  /** `provider/model` chosen on the command line; wins over config. */
  model?: string;
  /** A session id, or `last` for the most recent one. */
  resume?: string;
  maxSteps?: number;
  /** Whether a person can answer approvals. */
  interactive: boolean;
  /**
   * Asks the user whether to use the model or provider the project's config asks for (docs/config.md). Absent:
   * nobody can answer, and an unapproved choice stops the session (UserError) before any request.
   */
  confirmProject?(question: string): Promise<boolean>;
  // SafetyChoice: `mode` (default: exec auto, interactive ask), `sandbox` (default workspace-write, full mode
  // full-access), `network` (default false). Command-line choices; they win over config.
}

export interface AgentSession {
  agent: Agent;
  /** `provider/model` the session starts with. */
  model: string;
  cwd: string;
  /** The permission mode and sandbox in force (one line for the user). */
  safety: { mode: "ask" | "auto" | "full"; sandbox: string };
  /** One line each: config warnings, an unknown model, how the model was picked. */
  warnings: string[];
}

export async function createAgentSession(options: AgentSessionOptions): Promise<AgentSession> {
  const home = tandemHome(options.env);
  const sessionsDir = join(home, "sessions");
  let cwd = options.cwd ? resolve(options.cwd) : undefined;
  let resumeId: string | undefined;
  let resumedModel: string | undefined;
  let resumedMode: SafetyChoice["mode"];
  if (options.resume) {
    const sessions = await listSessions(sessionsDir);
    const found = options.resume === "last" ? sessions[0] : sessions.find((s) => s.id === options.resume);
    if (!found) {
      throw new UserError(
        options.resume === "last"
          ? `no saved session to resume in ${sessionsDir}`
          : `no session "${options.resume}" in ${sessionsDir}; run tandem sessions to list them`,
      );
    }
    resumeId = found.id;
    resumedModel = found.model;
    // The mode the user last switched to in it (/mode); the command line still wins.
    resumedMode = found.mode;
    cwd ??= found.cwd;
  }
  cwd ??= process.cwd();

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
    ...((options.mode ?? resumedMode) ? { mode: options.mode ?? resumedMode } : {}),
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
    ...(options.network !== undefined ? { network: options.network } : {}),
  });
  warnings.push(...safety.warnings);
  const retry = config.retry?.max_retries === undefined ? {} : { maxRetries: config.retry.max_retries };
  const timeouts = streamTimeouts(config);
  const registry = createModelRegistry({
    config,
    env: options.env,
    createClient: (provider, apiKey) => createClient(provider, apiKey, retry, timeouts),
  });
  const picked = await pickModel({
    registry,
    env: options.env,
    configured: options.model ?? resumedModel ?? config.model,
  });
  const first = registry.resolve(picked.id);
  if ("error" in first) throw new UserError(first.error);
  if (first.warning) warnings.push(first.warning);
  if (picked.source === "local") warnings.push(`no model configured: using ${picked.id} from a local server`);

  const instructions = await loadInstructions({ cwd, home });
  const keyNames = providerKeyNames(config);
  const toolSet = createToolSet({
    cwd,
    wrap: (argv, dir, hold) => safety.sandbox.prepare(argv, dir, hold),
    env: options.env,
    keyNames,
  });
  const tools: AnyTool[] = toolSet.tools.map((t) => (t.name === "shell" ? withGateNotes(t, safety.gate) : t));
  const compaction = config.compaction
    ? {
        threshold: config.compaction.threshold ?? 0.8,
        ...(config.compaction.keep_recent_tokens
          ? { keepRecentTokens: config.compaction.keep_recent_tokens }
          : {}),
      }
    : undefined;

  const agent = createAgent({
    cwd,
    model: picked.id,
    resolveModel: (id) => {
      const r = registry.resolve(id);
      return "error" in r ? r : { model: r.model, client: r.client };
    },
    tools,
    toolsFor: (model) => {
      const names = new Set(toolSet.toolsFor(model).map((t) => t.name));
      return tools.filter((t) => names.has(t.name));
    },
    gate: safety.gate,
    mode: safety.mode,
    secrets: secretValues(keyNames, options.env),
    systemPrompt: (_model, tools) => buildSystemPrompt({ tools, cwd: cwd as string, instructions }),
    interactive: options.interactive,
    session: resumeId ? { dir: sessionsDir, resume: resumeId } : { dir: sessionsDir },
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
}
