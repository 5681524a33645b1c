/**
 * Runs the tool calls of one model response. Consecutive read-only calls run in parallel; every other call
 * runs alone, in the model's order. Every call gets exactly one result (in call order), whatever happens:
 * unknown tool, invalid arguments, denial, a throw, or an interrupt.
 *
 * A call's `tool_call_started` is sent once the gate has decided, with the arguments that run (the gate may
 * return a safer form of them; the call's own object is never changed), so it comes before any
 * `approval_requested` and always before the call's `tool_call_finished`.
 */

import type { AgentEventBody, ToolCallFinishedEvent } from "../protocol/events.ts";
import type { ToolKind } from "../protocol/tools.ts";
import type { ToolCallBlock, ToolResultMessage } from "../providers/types.ts";
import { messageOf } from "../util/message-of.ts";
import type { Approvals } from "./approvals.ts";
import type { GateCall, GateDecision, GateProgress, ToolGate } from "./gate.ts";
import { createLiveOutput, type LiveOutputOptions } from "./live-output.ts";
import { createRedactor, type Redactor, type StreamRedactor } from "./redact.ts";
import {
  type AnyTool,
  FatalToolError,
  readOnlyOf,
  type ToolContext,
  ToolError,
  type ToolResult,
} from "./tool.ts";
import { checkArguments, findTool } from "./tool-lookup.ts";
import { type CapOptions, capDiff, capText } from "./truncate.ts";

export interface ToolRunnerOptions {
  cwd: string;
  turnId: string;
  /** The tools offered to the model for this request. */
  tools: readonly AnyTool[];
  /** Default: everything is allowed. */
  gate?: ToolGate;
  /** False: `ask` decisions are denied with their reason, nobody is waited for. */
  interactive: boolean;
  approvals: Approvals;
  /** The turn's interrupt signal; passed to tools. */
  signal: AbortSignal;
  emit(event: AgentEventBody): void;
  /** Cap for the content the model sees. Default: capText defaults. */
  cap?: CapOptions;
  /** Bounds on live output events (`tool_output_delta`). Default: createLiveOutput's (256 KiB whole, then 8 KiB per 500 ms). */
  liveOutput?: LiveOutputOptions;
  /** How long an interrupted tool gets to wind down (kill its processes) before we stop waiting. Default 3000. */
  abortGraceMs?: number;
  /**
   * Hides secret values in everything a call reports: arguments, live output, content and details. This is
   * where tool text enters the session, so events, the session file and later requests never carry them.
   * Default: nothing hidden.
   */
  redactor?: Redactor;
}

type Status = ToolCallFinishedEvent["status"];
interface Outcome {
  status: Status;
  content: string;
  details?: unknown;
  /** Set when the gate refused the call (not the user, not a stop the model can re-issue past). */
  refusal?: { reason: string; howToAllow: string[] };
}

/** The results of one response's calls, in call order. */
export interface ToolRun {
  results: ToolResultMessage[];
  /**
   * Set when a tool threw a {@link FatalToolError}: the turn must end (the calls after it were not run). The
   * message is redacted.
   */
  fatal?: { tool: string; message: string };
}

const NOT_RUN = "interrupted: not run (the user interrupted the turn)";
const NO_REDACTION = createRedactor([]);

export async function runToolCalls(
  calls: readonly ToolCallBlock[],
  options: ToolRunnerOptions,
): Promise<ToolRun> {
  const results: ToolResultMessage[] = new Array(calls.length);
  const run: ToolRun = { results };
  const parallelSafe = (call: ToolCallBlock) => {
    const found = findTool(call.name, options.tools);
    // A call that cannot run (unknown tool) is answered at once; it may share a parallel batch.
    return "error" in found || readOnlyOf(found.tool);
  };
  let i = 0;
  while (i < calls.length) {
    const first = calls[i] as ToolCallBlock;
    if (!parallelSafe(first)) {
      results[i] = await runCall(first, options, run);
      i++;
      continue;
    }
    let j = i;
    while (j < calls.length && parallelSafe(calls[j] as ToolCallBlock)) j++;
    const batch = calls.slice(i, j);
    const done = await Promise.all(batch.map((call) => runCall(call, options, run)));
    done.forEach((r, k) => {
      results[i + k] = r;
    });
    i = j;
  }
  return run;
}

async function runCall(
  call: ToolCallBlock,
  options: ToolRunnerOptions,
  run: ToolRun,
): Promise<ToolResultMessage> {
  const startedAt = Date.now();
  const { emit, turnId } = options;
  const redact = options.redactor ?? NO_REDACTION;
  let toolName = call.name;
  let kind: ToolKind = "other";
  /** What `tool_call_started` shows: the arguments as given until the gate says what runs. */
  let shownArgs: unknown = call.invalidArguments ?? call.arguments;
  let announced = false;
  const started = () => {
    if (announced) return;
    announced = true;
    emit({
      type: "tool_call_started",
      turn_id: turnId,
      call_id: call.id,
      tool: toolName,
      kind,
      arguments: redact.value(shownArgs),
    });
  };
  const finish = (outcome: Outcome): ToolResultMessage => {
    started();
    // Redacted before capping: a cut must not leave half a key behind.
    const capped = capText(redact.text(outcome.content), options.cap).text;
    const details = redact.value(outcome.details);
    emit({
      type: "tool_call_finished",
      turn_id: turnId,
      call_id: call.id,
      tool: toolName,
      kind,
      status: outcome.status,
      content: capped,
      ...(details !== undefined ? { details } : {}),
      ...(outcome.refusal
        ? {
            refusal: {
              reason: redact.text(outcome.refusal.reason),
              how_to_allow: outcome.refusal.howToAllow.map((h) => redact.text(h)),
            },
          }
        : {}),
      duration_ms: Date.now() - startedAt,
    });
    return {
      role: "tool_result",
      callId: call.id,
      toolName,
      content: [{ type: "text", text: capped }],
      isError: outcome.status !== "ok",
    };
  };
  const found = findTool(call.name, options.tools);
  if ("error" in found) return finish({ status: "error", content: found.error });
  const tool = found.tool;
  toolName = tool.name;
  kind = tool.kind;
  const checked = checkArguments(tool, call);
  if (!checked.ok) {
    shownArgs = checked.raw;
    return finish({ status: "error", content: checked.message });
  }
  shownArgs = checked.args;
  if (run.fatal) {
    return finish({
      status: "error",
      content: `not run: ${run.fatal.tool} failed earlier in this response and ended the turn.`,
    });
  }
  const { signal } = options;
  if (signal.aborted) return finish({ status: "interrupted", content: NOT_RUN });

  // The gate reads the validated arguments; what runs is its decision's `args` when it gives them.
  const gateCall: GateCall = { callId: call.id, tool, args: checked.args, cwd: options.cwd };
  const decision = await checkGate(options.gate, gateCall);
  if (signal.aborted) return finish({ status: "interrupted", content: NOT_RUN });
  if (decision.action === "deny") return finish(refused(decision));
  const args = decision.args !== undefined ? decision.args : checked.args;
  shownArgs = args;
  started();
  if (decision.action === "ask") {
    if (!options.interactive) return finish(refused(decision));
    const diff = await previewOf(tool, args, options.cwd);
    if (signal.aborted) return finish({ status: "interrupted", content: NOT_RUN });
    emit({
      type: "approval_requested",
      turn_id: turnId,
      call_id: call.id,
      tool: tool.name,
      summary: redact.text(decision.summary),
      ...(decision.risk ? { risk: decision.risk } : {}),
      ...(decision.reasons ? { reasons: redact.value(decision.reasons) } : {}),
      ...(diff ? { diff: capDiff(redact.text(diff)) } : {}),
    });
    const answer = await options.approvals.wait(call.id, signal);
    if (answer.decision === "interrupted") {
      return finish({
        status: "interrupted",
        content: "interrupted: the user interrupted while this call waited for approval; it was not run",
      });
    }
    if (answer.decision === "deny") {
      const note = answer.note?.trim();
      const content = `denied: the user refused to run this call.${note ? ` Their note: ${note}` : ""}`;
      return finish({ status: "denied", content });
    }
    if (answer.decision === "approve_always") options.gate?.remember?.(gateCall);
  }

  const sideEffects = !readOnlyOf(tool);
  const notRun = (error: unknown) =>
    finish({
      status: "error",
      content: `not run: preparing the call failed (${messageOf(error)}). Nothing was changed.`,
    });
  // A tool that starts early sets up (the sandbox) while the checkpoint is taken, and waits on `ready` before it
  // changes anything: the two no longer add up on the path between a model response and the next request.
  const gate = options.gate;
  const early =
    sideEffects && tool.startsEarly === true && gate?.beforeRun && gate.mayStartEarly?.(gateCall) === true;
  let preparing: { ready: Promise<void>; failed?: unknown } | undefined;
  // A slow preparation (the workspace's first checkpoint) says how far it got.
  const onProgress = (progress: GateProgress) =>
    emit({ type: "checkpoint_progress", call_id: call.id, ...progress });
  if (early && gate?.beforeRun) {
    const state: { ready: Promise<void>; failed?: unknown } = { ready: gate.beforeRun(gateCall, onProgress) };
    state.ready.catch((error: unknown) => {
      state.failed = error ?? new Error("preparation failed");
    });
    preparing = state;
  } else if (sideEffects && gate?.beforeRun) {
    try {
      await gate.beforeRun(gateCall, onProgress);
    } catch (error) {
      return notRun(error);
    }
  }

  // Secrets are hidden first, then the output is bounded: a cut between the two could split a secret.
  const live = createLiveOutput((chunk, stream, dropped) => {
    emit({ type: "tool_output_delta", call_id: call.id, stream, chunk, ...(dropped ? { dropped } : {}) });
  }, options.liveOutput);
  const streams = new Map<"stdout" | "stderr", StreamRedactor>();
  const context: ToolContext = {
    cwd: options.cwd,
    callId: call.id,
    signal,
    onOutput: (chunk, stream) => {
      const redactor = streams.get(stream) ?? redact.stream();
      streams.set(stream, redactor);
      live.push(redactor.push(chunk), stream);
    },
    ...(preparing ? { ready: preparing.ready } : {}),
  };
  const running = Promise.resolve().then(() => tool.execute(args, context));
  const settled = await settle(running, signal, options.abortGraceMs ?? 3_000);
  for (const [stream, redactor] of streams) live.push(redactor.end(), stream);
  live.finish();
  live.close();
  if (preparing) {
    // The tool has returned; the preparation it waited on is over (or never finished, after an abort).
    await preparing.ready.catch(() => undefined);
    // The tool did not run the command: it only runs once `ready` resolves.
    if (preparing.failed !== undefined)
      return signal.aborted ? finish({ status: "interrupted", content: NOT_RUN }) : notRun(preparing.failed);
  }

  if (sideEffects && options.gate?.afterRun) {
    await options.gate.afterRun(gateCall).catch((error: unknown) => {
      emit({ type: "notice", level: "warning", message: `after ${tool.name}: ${messageOf(error)}` });
    });
  }

  if (signal.aborted) {
    const partial = settled.value?.content.trim();
    const content = partial
      ? `interrupted by the user. Output before the interrupt:\n${partial}`
      : "interrupted by the user";
    return finish({ status: "interrupted", content, details: settled.value?.details });
  }
  if ("error" in settled) {
    const error = settled.error;
    if (error instanceof FatalToolError) {
      const message = redact.text(error.message);
      run.fatal ??= { tool: tool.name, message };
      return finish({ status: "error", content: `error (the turn ended): ${message}` });
    }
    // A ToolError is worded for the model; anything else is a throw the model is told about as such.
    return finish({
      status: "error",
      content: error instanceof ToolError ? error.message : `error: ${messageOf(error)}`,
    });
  }
  const value = settled.value as ToolResult;
  return finish({ status: value.isError ? "error" : "ok", content: value.content, details: value.details });
}

/** How long a tool's `preview` may take before the approval is asked without it. */
const PREVIEW_TIMEOUT_MS = 2_000;

/**
 * The change a call would make, for its approval prompt (the tool's `preview`). A preview that fails or
 * takes too long (a FIFO, a slow network file system) is no preview: the prompt still shows the summary, and
 * running the call reports the real error.
 */
async function previewOf(tool: AnyTool, args: unknown, cwd: string): Promise<string | undefined> {
  if (!tool.preview) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), PREVIEW_TIMEOUT_MS);
  });
  try {
    return (await Promise.race([tool.preview(args, { cwd }), late])) || undefined;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** A call the gate would not run: the reason and, for the model to pass on, how the user can allow it. */
function refused(decision: Exclude<GateDecision, { action: "allow" }>): Outcome {
  const hints = decision.howToAllow ?? [];
  const how = hints.length
    ? `\nHow the user can allow it:\n${hints.map((h) => `- ${h.replaceAll("\n", "\n  ")}`).join("\n")}`
    : "";
  const outcome: Outcome = { status: "denied", content: `denied: ${decision.reason}${how}` };
  if (decision.action === "deny" && decision.reissue) return outcome;
  return { ...outcome, refusal: { reason: decision.reason, howToAllow: hints } };
}

async function checkGate(gate: ToolGate | undefined, call: GateCall): Promise<GateDecision> {
  if (!gate) return { action: "allow" };
  try {
    return await gate.check(call);
  } catch (error) {
    return { action: "deny", reason: `the safety check failed (${messageOf(error)}); the call was not run` };
  }
}

type Settled = { value?: ToolResult; error?: unknown };

/**
 * Waits for the tool; after an abort, waits at most `graceMs` more (tools kill their process groups on abort
 * and return), so a tool that ignores its signal cannot hang the interrupt.
 */
async function settle(run: Promise<ToolResult>, signal: AbortSignal, graceMs: number): Promise<Settled> {
  const outcome: Promise<Settled> = run.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  let onAbort = () => {};
  const aborted = new Promise<"aborted">((resolve) => {
    onAbort = () => resolve("aborted");
    if (signal.aborted) resolve("aborted");
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  const first = await Promise.race([outcome, aborted]);
  signal.removeEventListener("abort", onAbort);
  if (first !== "aborted") return first;
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<Settled>((resolve) => {
    timer = setTimeout(() => resolve({}), graceMs);
  });
  const result = await Promise.race([outcome, grace]);
  clearTimeout(timer);
  return result;
}
