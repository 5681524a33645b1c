/**
 * Consent for a project config's choice of model and providers. A cloned repository's `.tandem/config.toml`
 * could otherwise replace the user's model with a server of its own, which would then receive the whole
 * conversation and drive tool calls. Its choices apply only once the user approved that exact file (by its
 * sha256) for that repository; approvals live in `TANDEM_HOME/trusted-projects.json`, written atomically.
 * With nobody to ask (`tandem exec`), an unapproved choice stops the session before any request is sent.
 */

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { atomicWrite } from "../tools/atomic-write.ts";
import { messageOf } from "../util/message-of.ts";
import type { ProjectChoices } from "./config.ts";
import type { ConfigFile } from "./config-schema.ts";
import { UserError } from "./user-error.ts";

interface TrustEntry {
  config: string;
  sha256: string;
  approved: string;
}

interface TrustFile {
  version: 1;
  /** Keyed by the repository folder (the one holding `.tandem/`). */
  projects: Record<string, TrustEntry>;
}

const trustPath = (home: string) => join(home, "trusted-projects.json");

async function readTrust(home: string): Promise<TrustFile> {
  let text: string;
  try {
    text = await readFile(trustPath(home), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, projects: {} };
    throw new UserError(`cannot read ${trustPath(home)}: ${messageOf(error)}`);
  }
  try {
    const data = JSON.parse(text) as TrustFile;
    if (data.version === 1 && data.projects && typeof data.projects === "object") return data;
  } catch {}
  throw new UserError(
    `${trustPath(home)} is not a valid approvals file; nothing was approved from it. Remove it and approve your projects again with tandem trust.`,
  );
}

/** True when the user approved this very file (same path and bytes) for this repository. */
export async function isProjectTrusted(home: string, choices: ProjectChoices): Promise<boolean> {
  const entry = (await readTrust(home)).projects[choices.root];
  return entry?.config === choices.path && entry.sha256 === choices.sha256;
}

/** Records the user's approval of this file for its repository (replacing an earlier one). */
export async function trustProject(home: string, choices: ProjectChoices, now = new Date()): Promise<void> {
  const trust = await readTrust(home);
  trust.projects[choices.root] = {
    config: choices.path,
    sha256: choices.sha256,
    approved: now.toISOString(),
  };
  await atomicWrite(trustPath(home), `${JSON.stringify(trust, null, 2)}\n`, { mode: 0o600 });
}

/** Forgets the approval for a repository; false when there was none. */
export async function revokeProject(home: string, root: string): Promise<boolean> {
  const trust = await readTrust(home);
  if (!trust.projects[root]) return false;
  delete trust.projects[root];
  await atomicWrite(trustPath(home), `${JSON.stringify(trust, null, 2)}\n`, { mode: 0o600 });
  return true;
}

/** `config` with the project's model and providers applied. */
export function withProjectChoices(config: ConfigFile, choices: ProjectChoices): ConfigFile {
  return {
    ...config,
    ...(choices.model ? { model: choices.model } : {}),
    providers: { ...config.providers, ...choices.providers },
  };
}

/** A value from the project's file, quoted with control characters escaped: it must not drive the terminal. */
const quoted = (value: string) => JSON.stringify(value);

const providerText = (choices: ProjectChoices, id: string): string => {
  const p = choices.providers[id];
  return p ? `its own provider "${id}" (${p.protocol} at ${quoted(p.base_url)})` : `provider "${id}"`;
};

/** Everything the file asks for, for `tandem trust` and the question. */
export function describeProjectChoices(choices: ProjectChoices): string {
  const parts: string[] = [];
  if (choices.model) parts.push(`model ${quoted(choices.model)}`);
  for (const id of Object.keys(choices.providers)) parts.push(providerText(choices, id));
  return parts.join(", ");
}

/**
 * What of the project's choices this session would use: its model (unless the command line or a resumed
 * session chose one) and the provider of the model in use, if the project defines it. Undefined: none.
 */
function neededChoices(choices: ProjectChoices, chosenModel: string | undefined): string | undefined {
  const model = chosenModel ?? choices.model;
  const provider = model?.slice(0, model.indexOf("/"));
  const ownProvider = provider !== undefined && choices.providers[provider] !== undefined;
  if (chosenModel === undefined && choices.model !== undefined) {
    return `model ${quoted(choices.model)}${ownProvider ? ` from ${providerText(choices, provider)}` : " instead of yours"}`;
  }
  return ownProvider ? `${providerText(choices, provider)} for model ${quoted(model ?? "")}` : undefined;
}

export interface SettleProjectOptions {
  home: string;
  /** The merged config without the project's choices. */
  config: ConfigFile;
  choices: ProjectChoices | undefined;
  /** The model chosen on the command line or by a resumed session; it wins over config. Default none. */
  chosenModel?: string;
  /**
   * Asks the user whether to use the project's choices (true: approved, remembered). Absent: nobody can
   * answer, and a choice the session would use stops it with what to do.
   */
  confirm?(question: string): Promise<boolean>;
}

export interface SettledProject {
  config: ConfigFile;
  warnings: string[];
}

/** The config to run with: the project's choices applied when approved, asked for when needed. */
export async function settleProjectChoices(options: SettleProjectOptions): Promise<SettledProject> {
  const { choices, home, config } = options;
  if (!choices) return { config, warnings: [] };
  if (await isProjectTrusted(home, choices))
    return { config: withProjectChoices(config, choices), warnings: [] };
  const needed = neededChoices(choices, options.chosenModel);
  const approve = `tandem trust --cwd ${choices.root}`;
  if (!needed) {
    const ids = Object.keys(choices.providers).map((id) => `"${id}"`);
    if (ids.length === 0) return { config, warnings: [] };
    return {
      config,
      warnings: [
        `not loaded: provider${ids.length > 1 ? "s" : ""} ${ids.join(", ")} from ${choices.path} (not approved; to use, run ${approve})`,
      ],
    };
  }
  if (!options.confirm) {
    throw new UserError(
      `the project config ${choices.path} asks for ${needed}, which you have not approved; nothing was sent. Review the file, then approve it with: ${approve} (or choose your own model with --model)`,
      "project_not_approved",
    );
  }
  const question = `The project config ${choices.path} asks for ${needed}. It would receive this session's conversation. Use it (remembered for this repository until the file changes)?`;
  if (await options.confirm(question)) {
    await trustProject(home, choices);
    return { config: withProjectChoices(config, choices), warnings: [] };
  }
  return {
    config,
    warnings: [`not using ${needed} from ${choices.path}: you declined. To approve it later, run ${approve}`],
  };
}
