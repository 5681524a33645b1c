/**
 * What the model is told of a command the user ran themselves (`user-shell.ts`): the command, how it ended,
 * and its output (head and tail, capped in bytes), with the values of secret variables redacted first.
 */
import { capText } from "../core/truncate.ts";
import { isConnectionSecret, isSecretName } from "../tools/env-scrub.ts";
import type { UserShellResult } from "./user-shell.ts";

/** How it ended, in a few words: `exit 0`, `stopped`, `killed by SIGKILL`, or why it did not run. */
export function outcomeText(r: UserShellResult): string {
  if (r.error) return r.error;
  if (r.killed) return "stopped by you";
  if (r.signal) return `killed by ${r.signal}`;
  return `exit ${r.exitCode}`;
}

/** Values of secret variables (secret-looking names, password URLs; 8 characters or more), longest first. */
function secretValues(env: NodeJS.ProcessEnv): [string, string][] {
  const secret = (name: string, value: string) => isSecretName(name) || isConnectionSecret(name, value);
  return Object.entries(env)
    .filter((e): e is [string, string] => typeof e[1] === "string" && e[1].length >= 8 && secret(e[0], e[1]))
    .sort((a, b) => b[1].length - a[1].length);
}

/**
 * `text` with the values of the environment's secret-named variables replaced by `[$NAME]`: `!env` or a
 * pasted token must not reach the model provider or the session file.
 */
export function redactSecrets(text: string, env: NodeJS.ProcessEnv): string {
  let out = text;
  for (const [name, value] of secretValues(env)) out = out.split(value).join(`[$${name}]`);
  return out;
}

export interface ContextBlockOptions {
  /** Bytes of output kept (head and tail). Default 8_192. */
  maxBytes?: number;
  /** Whose secret values are redacted. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/**
 * The message that gives the model the command and its output, e.g. "I ran `ls` in my terminal (exit 0):"
 * and a fenced block. Secret values are redacted first, then the output keeps its head and tail within
 * `maxBytes`.
 */
export function shellContextBlock(r: UserShellResult, options: ContextBlockOptions = {}): string {
  const env = options.env ?? process.env;
  const joined =
    r.omittedChars === 0
      ? r.head + r.tail
      : `${r.head}\n[… ${r.omittedChars} characters omitted …]\n${r.tail}`;
  const body = capText(redactSecrets(joined, env).replace(/\n$/, ""), {
    maxBytes: options.maxBytes ?? 8_192,
    maxLines: 400,
  }).text;
  const fence = body.includes("```") ? "````" : "```";
  return [
    `I ran \`${redactSecrets(r.command, env)}\` in my terminal (${outcomeText(r)}):`,
    fence,
    body || "(no output)",
    fence,
  ].join("\n");
}
