/**
 * The agent: a queue pair. Front ends `submit` {@link Submission}s and read {@link AgentEvent}s through
 * `subscribe` (any number of subscribers; the event log stamps, keeps and fans them out: event-log.ts).
 * One piece of work runs at a time (a turn or a manual compaction); `user_input` arriving meanwhile waits its
 * turn, `steer` joins the running turn's next request, `interrupt` aborts the running work, `approval`
 * answers a waiting tool call, `set_model` applies to the next request, `set_mode` to the next tool call the
 * gate checks. See docs/core.md.
 *
 * Event order: `session_started` first, then the start-up `notices` (unless start fails: then the notices,
 * `error` and `session_finished` only),
 * `session_finished` last, after `shutdown` or after `close()` once queued work is done.
 */
import type { AgentEventBody } from "../protocol/events.ts";
import type { Submission } from "../protocol/submissions.ts";
import type { Usage } from "../protocol/usage.ts";
import { PROTOCOL_VERSION } from "../protocol/version.ts";
import type { Message, ModelEntry, ProviderClient } from "../providers/types.ts";
import { messageOf } from "../util/message-of.ts";
import type { Agent, AgentOptions } from "./agent-types.ts";
import { createApprovals } from "./approvals.ts";
import { compactHistory } from "./compact-history.ts";
import { createEventLog } from "./event-log.ts";
import { type HistoryItem, repairToolResults } from "./history.ts";
import { newEntryId, newSessionId } from "./ids.ts";
import { createModeSwitcher } from "./mode-switch.ts";
import { createRedactor } from "./redact.ts";
import { createEventStore } from "./session/event-store.ts";
import type { EntryBody } from "./session/format.ts";
import { openSession } from "./session/open.ts";
import { createToolRecords } from "./session/tool-record.ts";
import type { SessionWriter } from "./session/writer.ts";
import { runToolCalls } from "./tool-runner.ts";
import { type ActiveModel, runTurn, type TurnHost } from "./turn.ts";
import { createUsageMeter } from "./usage-meter.ts";

export type { Agent, AgentOptions, ResolvedModel } from "./agent-types.ts";

type Work = { kind: "input"; text: string } | { kind: "compact" };

const DEFAULT_MAX_STEPS = 100;
const DEFAULT_THRESHOLD = 0.8;
const DEFAULT_KEEP_RECENT = 20_000;

export function createAgent(options: AgentOptions): Agent {
  const approvals = createApprovals();
  const redactor = createRedactor(options.secrets ?? []);
  const resume = options.session?.resume;
  const sessionId = resume ?? newSessionId();
  const agentId = options.agentId ?? "main";
  const log = createEventLog({ sessionId, ...(options.replayTail ? { tail: options.replayTail } : {}) });
  const emit = (event: AgentEventBody) => log.emit(event, agentId);
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const threshold = options.compaction?.threshold ?? DEFAULT_THRESHOLD;
  const keepRecent = options.compaction?.keepRecentTokens ?? DEFAULT_KEEP_RECENT;

  let active: ActiveModel | undefined;
  let items: HistoryItem[] = [];
  let writer: SessionWriter | undefined;
  const meter = createUsageMeter();
  let contextTokens = 0;
  let compactBlocked = false;
  let messageCount = 0;
  let turnCount = 0;
  let compactCount = 0;

  const work: Work[] = [];
  let steers: string[] = [];
  let carried: string[] = [];
  let current: AbortController | undefined;
  let turnRunning = false;
  let started = false;
  const early: Submission[] = [];
  let shuttingDown = false;
  let closed = false;
  let finished = false;
  let wake: (() => void) | undefined;
  const poke = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  const activate = (entry: ModelEntry, client: ProviderClient): ActiveModel => {
    const tools = options.toolsFor?.(entry) ?? options.tools;
    return { entry, client, tools, system: redactor.text(options.systemPrompt(entry, tools)) };
  };

  const record = (body: EntryBody, id?: string): string => {
    const entryId = id ?? newEntryId();
    if (!writer) return entryId;
    try {
      writer.append(body, entryId);
    } catch (error) {
      writeFailed(error);
      return entryId;
    }
    // Events waiting for the file's first entry (it is created lazily) follow it now.
    log.flush();
    return entryId;
  };

  const writeFailed = (error: unknown) => {
    if (!writer) return;
    writer = undefined;
    emit({
      type: "error",
      code: "session_write",
      message: `could not write the session file (${messageOf(error)}); the session continues in memory only and cannot be resumed past this point.`,
      fatal: false,
    });
  };

  // Each tool result's entry also keeps what its tool_call_finished showed (status, duration, details).
  const toolRecords = createToolRecords();
  const append = (message: Message, options: { note?: boolean } = {}) => {
    const ui = message.role === "tool_result" ? toolRecords.take(message.callId) : undefined;
    const note = options.note === true;
    const id = record({ type: "message", message, ...(ui ? { ui } : {}), ...(note ? { note } : {}) });
    items.push({ id, message, ...(note ? { note } : {}) });
  };

  /** Reports one request's usage. `context` overrides the context gauge (summary requests don't fill it). */
  const account = (usage: Usage, turnId: string, context?: number): void => {
    const model = (active as ActiveModel).entry;
    const { cost, total, totalCost } = meter.add(usage, model.prices);
    if (context === undefined)
      contextTokens = usage.input + usage.cached_input + usage.cache_write + usage.output;
    emit({
      type: "usage",
      turn_id: turnId,
      usage,
      cost,
      session_usage: total,
      session_cost: totalCost,
      context_tokens: context ?? contextTokens,
      context_window: model.contextWindow,
    });
  };

  /** Summarizes older history. Returns true when the history shrank. */
  const compact = async (
    trigger: "auto" | "manual",
    signal: AbortSignal,
    turnId?: string,
  ): Promise<boolean> => {
    const usageTurnId = turnId ?? `compact-${++compactCount}`;
    const result = await compactHistory({
      active: active as ActiveModel,
      items,
      keepRecentTokens: keepRecent,
      contextTokens,
      signal,
      usageTurnId,
      emit,
      cacheKey: sessionId,
      ...(options.reasoningEffort ? { reasoningEffort: options.reasoningEffort } : {}),
    });
    if (result.kind === "nothing") {
      // Not blocked: the history grows with every step, so a later check may find a cut.
      if (trigger === "manual") emit({ type: "notice", level: "info", message: "nothing to compact yet" });
      return false;
    }
    if (result.kind === "failed") {
      if (result.usage.input + result.usage.output > 0) account(result.usage, usageTurnId, contextTokens);
      // Don't pay for a failing summary on every step; try again next turn.
      compactBlocked = true;
      if (signal.aborted) return false;
      emit({
        type: "error",
        ...(turnId ? { turn_id: turnId } : {}),
        code: "compaction_failed",
        message: `compaction failed: ${result.message}. The full history was kept; the next request may exceed the context window.`,
        fatal: false,
      });
      return false;
    }
    items = result.items;
    contextTokens = result.tokensAfter;
    record(
      {
        type: "compaction",
        summary: result.summary,
        first_kept_id: result.firstKeptId,
        trigger,
        tokens_before: result.tokensBefore,
        tokens_after: result.tokensAfter,
      },
      result.id,
    );
    account(result.usage, usageTurnId, result.tokensAfter);
    emit({
      type: "compacted",
      ...(turnId ? { turn_id: turnId } : {}),
      tokens_before: result.tokensBefore,
      tokens_after: result.tokensAfter,
      trigger,
    });
    return true;
  };

  const runOneTurn = async (text: string) => {
    const turnId = `turn-${++turnCount}`;
    const controller = new AbortController();
    current = controller;
    turnRunning = true;
    compactBlocked = false;
    emit({ type: "turn_started", turn_id: turnId });
    // Calls the safety policy refused: a turn that had some does not end as a clean success (turn_finished).
    let refused = 0;
    const toolEmit = toolRecords.watch((event) => {
      if (event.type === "tool_call_finished" && event.refusal) refused++;
      emit(event);
    });
    const texts = [...carried, text];
    carried = [];
    const host: TurnHost = {
      emit,
      active: () => active as ActiveModel,
      history: () => items,
      append,
      takeSteers: () => {
        const taken = steers;
        steers = [];
        return taken;
      },
      hasSteers: () => steers.length > 0,
      account: (usage, id) => account(usage, id),
      needsCompaction: () =>
        !compactBlocked && contextTokens > threshold * (active as ActiveModel).entry.contextWindow,
      compact: (id) => compact("auto", controller.signal, id),
      runTools: (calls, id) =>
        runToolCalls(calls, {
          cwd: options.cwd,
          turnId: id,
          tools: (active as ActiveModel).tools,
          ...(options.gate ? { gate: options.gate } : {}),
          interactive: options.interactive,
          approvals,
          signal: controller.signal,
          emit: toolEmit,
          ...(options.toolOutput ? { cap: options.toolOutput } : {}),
          ...(options.abortGraceMs !== undefined ? { abortGraceMs: options.abortGraceMs } : {}),
          redactor,
        }),
      newMessageId: () => `msg-${++messageCount}`,
      signal: controller.signal,
      maxSteps,
      cacheKey: sessionId,
      ...(options.reasoningEffort ? { reasoningEffort: options.reasoningEffort } : {}),
    };
    let outcome: Awaited<ReturnType<typeof runTurn>>;
    try {
      outcome = await runTurn(host, turnId, texts);
    } catch (error) {
      // A bug, not a model or tool failure; keep the history valid so the next turn can still run.
      const repaired = repairToolResults(items, newEntryId);
      const known = new Set(items.map((item) => item.id));
      for (const item of repaired.items)
        if (!known.has(item.id)) record({ type: "message", message: item.message }, item.id);
      items = repaired.items;
      emit({
        type: "error",
        turn_id: turnId,
        code: "internal",
        message: `internal error: ${messageOf(error)}. The history was kept; send a message to continue.`,
        fatal: true,
      });
      outcome = { status: "failed", reason: "internal", steps: 0 };
    }
    turnRunning = false;
    current = undefined;
    // Steers that no request carried (the turn stopped first) open the next turn's message.
    carried = [...carried, ...steers];
    steers = [];
    record({
      type: "turn",
      turn_id: turnId,
      status: outcome.status,
      ...(outcome.reason ? { reason: outcome.reason } : {}),
      steps: outcome.steps,
    });
    emit({
      type: "turn_finished",
      turn_id: turnId,
      status: outcome.status,
      ...(outcome.reason ? { reason: outcome.reason } : {}),
      steps: outcome.steps,
      ...(refused > 0 ? { refused } : {}),
    });
  };

  const modes = createModeSwitcher({
    ...(options.gate ? { gate: options.gate } : {}),
    emit,
    record: (mode) => record({ type: "mode_change", mode }),
  });

  const setModel = (id: string) => {
    const resolved = options.resolveModel(id);
    if ("error" in resolved) {
      emit({
        type: "error",
        code: "unknown_model",
        message: `cannot switch to ${id}: ${resolved.error}. Still using ${(active as ActiveModel).entry.id}.`,
        fatal: false,
      });
      return;
    }
    active = activate(resolved.model, resolved.client);
    compactBlocked = false;
    record({ type: "model_change", model: resolved.model.id });
    emit({ type: "model_changed", model: resolved.model.id });
  };

  const handle = (s: Submission) => {
    switch (s.type) {
      case "user_input":
        work.push({ kind: "input", text: redactor.text(s.text) });
        break;
      case "steer":
        if (turnRunning) steers.push(redactor.text(s.text));
        else work.push({ kind: "input", text: redactor.text(s.text) });
        break;
      case "interrupt":
        current?.abort();
        break;
      case "approval":
        if (!approvals.answer(s)) {
          emit({
            type: "notice",
            level: "warning",
            message: `no tool call ${s.call_id} is waiting for approval; answer ignored`,
          });
        }
        break;
      case "compact":
        work.push({ kind: "compact" });
        break;
      case "set_model":
        setModel(s.model);
        break;
      case "set_mode":
        modes.request(s.mode);
        break;
      case "shutdown":
        shuttingDown = true;
        current?.abort();
        break;
    }
    poke();
  };

  const safeHandle = (submission: Submission) => {
    try {
      handle(submission);
    } catch (error) {
      // resolveModel, toolsFor or systemPrompt threw (a bug in the host): report it, keep the session.
      emit({
        type: "error",
        code: "internal",
        message: `could not handle ${submission.type}: ${messageOf(error)}. Nothing changed.`,
        fatal: false,
      });
    }
  };

  /** Resolves the model and opens or loads the session; returns warnings, or throws with what failed. */
  const start = async (): Promise<string[]> => {
    const resolved = options.resolveModel(options.model);
    if ("error" in resolved) throw new Error(`cannot start with model ${options.model}: ${resolved.error}`);
    active = activate(resolved.model, resolved.client);
    const dir = options.session?.dir;
    if (!dir) return [];
    const opened = await openSession({
      dir,
      id: sessionId,
      resume: !!resume,
      cwd: options.cwd,
      model: active.entry.id,
    });
    writer = opened.writer;
    log.attach(
      { path: opened.writer.path, store: createEventStore(opened.writer, opened.lastSeq, writeFailed) },
      opened.lastSeq,
    );
    // A session recorded before its key was configured (or by an older tandem) may hold it: not sent again.
    items = redactor.active
      ? opened.history.map((item) => ({ ...item, message: redactor.value(item.message) }))
      : opened.history;
    const prices = new Map<string, ModelEntry["prices"]>();
    for (const { model, usage } of opened.priorUsage) {
      if (!prices.has(model)) {
        const r = model === active.entry.id ? undefined : options.resolveModel(model);
        prices.set(model, r && !("error" in r) ? r.model.prices : active.entry.prices);
      }
      meter.add(usage, prices.get(model));
    }
    for (const repair of opened.repairs) record({ type: "message", message: repair.message }, repair.id);
    if (opened.model !== active.entry.id) record({ type: "model_change", model: active.entry.id });
    // A mode chosen on resume replaces the one the user last switched to, also for the next resume.
    if (opened.mode && options.mode && opened.mode !== options.mode)
      record({ type: "mode_change", mode: options.mode });
    return opened.warnings.map((w) => `session ${sessionId}: ${w}`);
  };

  const run = async () => {
    let warnings: string[] | undefined;
    try {
      warnings = await start();
    } catch (error) {
      // They may explain the failure (an unknown model's defaults, a config warning).
      for (const message of options.notices ?? []) emit({ type: "notice", level: "warning", message });
      emit({
        type: "error",
        code: "session_start",
        message: messageOf(error),
        fatal: true,
      });
    }
    if (warnings) {
      const model = (active as ActiveModel).entry.id;
      const prior = meter.totals();
      emit({
        type: "session_started",
        session_id: sessionId,
        protocol_version: PROTOCOL_VERSION,
        model,
        cwd: options.cwd,
        resumed: !!resume,
        ...(resume ? { session_usage: prior.usage, session_cost: prior.cost } : {}),
      });
      started = true;
      for (const message of [...(options.notices ?? []), ...warnings])
        emit({ type: "notice", level: "warning", message });
      for (const s of early.splice(0)) safeHandle(s);
      while (!shuttingDown) {
        const next = work.shift();
        if (!next) {
          if (closed) break;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          continue;
        }
        if (next.kind === "input") await runOneTurn(next.text);
        else {
          const controller = new AbortController();
          current = controller;
          compactBlocked = false;
          await compact("manual", controller.signal);
          current = undefined;
        }
      }
    }
    await modes.settled();
    await options.gate?.close?.().catch(() => undefined);
    finished = true;
    const totals = meter.totals();
    emit({ type: "session_finished", session_id: sessionId, usage: totals.usage, cost: totals.cost });
    log.close();
  };

  const done = run();

  return {
    sessionId,
    subscribe: (subscribeOptions) => log.subscribe(subscribeOptions),
    get lastSeq() {
      return log.lastSeq;
    },
    done,
    submit(submission) {
      if (finished) return;
      if (!started) {
        early.push(submission);
        if (submission.type === "shutdown") shuttingDown = true;
        return;
      }
      safeHandle(submission);
    },
    close() {
      closed = true;
      poke();
    },
  };
}
