/**
 * The tool interface: a schema plus `execute`. Tools live in src/tools; the loop in this layer validates
 * arguments against `parameters` before `execute` is called, so `execute` receives typed, valid input.
 */
import type { z } from "zod";

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

export interface Tool<P = unknown, D = unknown> {
  name: string;
  /** One line. It is paid for on every request. */
  description: string;
  /** Validates arguments at the boundary; converted to JSON Schema for the model. */
  parameters: z.ZodType<P>;
  /**
   * True when the tool never changes files or runs commands. Read-only calls in one response may run in
   * parallel, and need no checkpoint or approval.
   */
  readOnly: boolean;
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

/** A tool with its types erased, as the loop holds it. */
// biome-ignore lint/suspicious/noExplicitAny: erasure point for heterogeneous tool lists; inputs are validated by `parameters`.
export type AnyTool = Tool<any, unknown>;

/** A helper that keeps the parameter type inferred from the zod schema. */
export function defineTool<S extends z.ZodType, D = unknown>(
  tool: Omit<Tool<z.infer<S>, D>, "parameters"> & { parameters: S },
): Tool<z.infer<S>, D> {
  return tool as Tool<z.infer<S>, D>;
}
