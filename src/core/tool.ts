/**
 * The tool interface: a schema plus `execute`. Tools live in src/tools; the loop in this layer validates
 * arguments against `parameters` before `execute` is called, so `execute` receives typed, valid input.
 */

import type { ToolKind } from "../protocol/tools.ts";
import type { z } from "../util/zod.ts";

/** What a tool returns: `content` goes to the model, `details` to the UI (never to the model). */
export interface ToolResult<D = unknown> {
  content: string;
  /**
   * Goes out as `tool_call_finished.details` and into the session file: plain JSON with snake_case keys, like
   * everything on the wire (docs/events.md). Keys are field names, not data (a map by file path belongs in
   * an array of `{ path, … }`), so front ends and migrations can read them.
   */
  details?: D;
  /** True when the call failed; the model is told so. */
  isError?: boolean;
}

/** Everything a tool may use at run time, injected by the loop. */
export interface ToolContext {
  /** The workspace root. Relative paths resolve against it. */
  cwd: string;
  /** The call's id, shared by its start/finish events. */
  callId: string;
  /** Aborted on interrupt: long-running tools must stop (and kill their process groups). */
  signal: AbortSignal;
  /** Streams live output to the UI as `tool_output_delta` events. */
  onOutput?: (chunk: string, stream: "stdout" | "stderr") => void;
  /**
   * Given only to tools that declare `startsEarly`, while the harness still prepares the call (the checkpoint
   * before it): the tool may set up (start a sandbox that waits) but must change nothing until this resolves,
   * and must not run at all when it rejects. Absent: preparation is over before `execute` is called.
   */
  ready?: Promise<void>;
}

/** What `preview` may use: where the call would run. */
export interface PreviewContext {
  /** The workspace root. Relative paths resolve against it. */
  cwd: string;
}

/** The files one call would read and change, as absolute paths (`Tool.paths`). */
export interface ToolPaths {
  reads: string[];
  writes: string[];
}

export interface Tool<P = unknown, D = unknown> {
  name: string;
  /** One line. It is paid for on every request. */
  description: string;
  /**
   * Validates arguments at the boundary; converted to JSON Schema for the model. Any zod 4 schema: classic
   * (`import { z } from "zod"`, what the library exports) or `zod/mini` (tandem's own tools, src/util/zod.ts).
   */
  parameters: z.core.$ZodType<P>;
  /**
   * `parameters` already converted to JSON Schema (`jsonSchemaOf`), so a session's start skips zod's conversion.
   * It must equal the conversion: the built-in tools take theirs from src/tools/json-schemas.ts, which
   * `node scripts/tool-schemas.ts` writes and a test compares. Default: converted once, on the first request.
   */
  jsonSchema?: Record<string, unknown>;
  /**
   * What the tool does (src/protocol/tools.ts). The safety gate, checkpoints and the front ends decide by it and
   * by the declarations below, never by the tool's name: a new tool needs no change anywhere else.
   */
  kind: ToolKind;
  /**
   * True when a call never changes files or runs commands: read-only calls in one response may run in parallel
   * and need no checkpoint. Default: from `kind` ({@link readOnlyOf}: `read`, `search`, `fetch` and `think` are,
   * the others are not). A tool of kind `other` sets it to declare itself read-only (an MCP tool's
   * `readOnlyHint`): auto mode then runs it, ask mode still asks (docs/safety.md).
   */
  readOnly?: boolean;
  /**
   * The files a call reads and writes, absolute, derived from its arguments alone (nothing is read from disk
   * but to resolve them). A tool of kind `edit` declares it: the gate checks every path in `writes` (inside the
   * workspace, not protected, the rules); an `edit` tool without it has unknown effects. Default: none.
   */
  paths?(args: P, context: PreviewContext): ToolPaths;
  /**
   * For a tool of kind `execute`: the bash command line a call runs, which the gate analyses (risk, rules, the
   * destructive-action guard). Default: none (the command is unknown to the gate).
   */
  command?(args: P): string;
  /**
   * For a tool of kind `execute`: its commands run inside the session's OS sandbox, so the gate may count on
   * it (src/safety/policy-table.ts). A command tool that runs outside it (an MCP server's tool) leaves this
   * unset, and its effects are unknown. Default false.
   */
  sandboxed?: boolean;
  /**
   * How to use the tool well, for the system prompt: joins it only when the tool is offered to the model
   * (src/tools/system-prompt.ts). Paid for on every request, so keep it short. Default: none.
   */
  guidelines?: string;
  /**
   * The tool honours `ToolContext.ready`, so its set-up may overlap the harness's preparation of the call (the
   * shell starts its sandbox while the checkpoint is taken). Default false: `execute` starts after it.
   */
  startsEarly?: boolean;
  /** One line for approvals and logs, e.g. the command a shell call runs. */
  summarize?(args: P): string;
  /**
   * The unified diff this call would make, computed from its arguments against the files on disk without
   * writing anything: the approval prompt shows it, so a change is never approved unseen. Undefined when
   * there is nothing to show (the call would fail, or change nothing). A tool that changes files declares it;
   * which tools get a preview is decided by this, not by their names. Default: no preview.
   */
  preview?(args: P, context: PreviewContext): Promise<string | undefined>;
  execute(args: P, context: ToolContext): Promise<ToolResult<D>>;
}

const READ_ONLY_KINDS: ReadonlySet<ToolKind> = new Set(["read", "search", "fetch", "think"]);

/** Whether a call of `tool` changes nothing: its own `readOnly`, else its kind's default. */
export function readOnlyOf(tool: Pick<Tool, "kind" | "readOnly">): boolean {
  return tool.readOnly ?? READ_ONLY_KINDS.has(tool.kind);
}

/**
 * A failure the model can act on: `execute` throws it and the model is answered with its message as an error
 * result (a wrong argument, a missing file). Any other thrown error is answered the same way; this one says so
 * on purpose, and keeps its message free of an `error:` prefix.
 */
export class ToolError extends Error {
  override name = "ToolError";
}

/**
 * A failure no retry by the model can fix (the tool's server is gone, its credentials were revoked): the call is
 * answered with the message, no further call of the response runs, and the turn ends as `failed` with reason
 * `tool_fatal` after an `error` event (code `tool_fatal`, `fatal: true`) that names the tool.
 */
export class FatalToolError extends Error {
  override name = "FatalToolError";
}

/** A tool with its types erased, as the loop holds it. */
// biome-ignore lint/suspicious/noExplicitAny: erasure point for heterogeneous tool lists; inputs are validated by `parameters`.
export type AnyTool = Tool<any, unknown>;

/** A helper that keeps the parameter type inferred from the zod schema (classic or mini). */
export function defineTool<S extends z.core.$ZodType, D = unknown>(
  tool: Omit<Tool<z.infer<S>, D>, "parameters"> & { parameters: S },
): Tool<z.infer<S>, D> {
  return tool as Tool<z.infer<S>, D>;
}
