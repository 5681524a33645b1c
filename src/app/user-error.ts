/**
 * The errors tandem gives its users: a stable `code` a program can branch on, and a message that says what
 * happened and what to do next. Library users catch {@link TandemError}; the CLI prints a {@link UserError}'s
 * message without a stack trace and exits 2 (any other failure exits 1).
 */

/**
 * Stable error codes (docs/sdk.md lists what each means). Never renamed; new ones may be added.
 * - `config`: a config, rules or approvals file, a flag or a library option is wrong.
 * - `auth`: the provider's key is missing, or the provider refused it.
 * - `sandbox_unavailable`: the OS sandbox cannot run here (a sandboxed mode never degrades to none).
 * - `model_not_found`: no model named, configured or found locally; an unknown provider; a malformed id.
 * - `project_not_approved`: the project's config asks for a model or provider the user has not approved.
 * - `session_not_found`: the session to resume is not one of this folder.
 * - `provider`: the model's server failed the request (rate limit, overload, network, timeout, bad request…).
 * - `max_steps`: a turn reached its step limit.
 * - `tool`: a tool failed in a way the model cannot fix (`FatalToolError`), which ended the turn.
 * - `closed`: the session was closed.
 * - `internal`: a bug in tandem.
 */
export type TandemErrorCode =
  | "config"
  | "auth"
  | "sandbox_unavailable"
  | "model_not_found"
  | "project_not_approved"
  | "session_not_found"
  | "provider"
  | "max_steps"
  | "tool"
  | "closed"
  | "internal";

export interface TandemErrorOptions extends ErrorOptions {
  /** The finer code underneath, when there is one: a `provider` error's kind (`rate_limit`, `timeout`…). */
  detail?: string;
}

export class TandemError extends Error {
  override name = "TandemError";
  readonly code: TandemErrorCode;
  readonly detail: string | undefined;
  constructor(code: TandemErrorCode, message: string, options: TandemErrorOptions = {}) {
    super(message, options);
    this.code = code;
    this.detail = options.detail;
  }
}

/**
 * An error caused by the user's input or setup (bad flag, bad config, no model). Front ends print its message
 * without a stack trace and exit with code 2. Its code defaults to `config`.
 */
export class UserError extends TandemError {
  override name = "UserError";
  constructor(message: string, code: TandemErrorCode = "config") {
    super(code, message);
  }
}
