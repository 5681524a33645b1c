/**
 * One model request: streams the response, forwarding text and reasoning deltas and retries as events, and
 * returns the final message or the error. Never throws. An interrupt ends it at once even if the client is
 * slow to notice its abort signal.
 */
import type { AgentEventBody } from "../protocol/events.ts";
import type {
  AssistantMessage,
  ModelRequest,
  ProviderClient,
  ProviderError,
  StreamEvent,
} from "../providers/types.ts";
import { emptyUsage } from "../providers/usage.ts";
import { messageOf } from "../util/message-of.ts";

export type ResponseOutcome =
  | { ok: true; message: AssistantMessage }
  | { ok: false; message: AssistantMessage; error: ProviderError };

export interface StreamResponseOptions {
  client: ProviderClient;
  request: ModelRequest & { signal: AbortSignal };
  /** Deltas are forwarded only when set (summarization requests stream silently). */
  forward?: { turnId: string; messageId: string; emit(event: AgentEventBody): void };
  /** Retries are reported even for silent requests. */
  onRetry?(event: Extract<StreamEvent, { type: "retry" }>): void;
}

export async function streamResponse(options: StreamResponseOptions): Promise<ResponseOutcome> {
  const { request, forward } = options;
  const signal = request.signal;
  const empty = (reason: string): AssistantMessage => ({
    role: "assistant",
    content: [],
    model: request.model.id,
    protocol: options.client.protocol,
    usage: emptyUsage(),
    stopReason: reason === "aborted" ? "aborted" : "error",
  });
  // Text seen so far, by block index: what an interrupt keeps when the client is too slow to report it.
  const texts = new Map<number, string>();
  const abortedOutcome = (): ResponseOutcome => {
    const message = empty("aborted");
    for (const [, text] of [...texts].sort(([a], [b]) => a - b)) message.content.push({ type: "text", text });
    return {
      ok: false,
      message,
      error: { kind: "aborted", message: "interrupted by the user", retryable: false },
    };
  };

  let iterator: AsyncIterator<StreamEvent> | undefined;
  // One small promise per event, so a long stream does not pile reactions onto a single abort promise.
  let wakeOnAbort: (() => void) | undefined;
  const onAbort = () => wakeOnAbort?.();
  signal.addEventListener("abort", onAbort, { once: true });
  const nextOrAbort = (it: AsyncIterator<StreamEvent>) =>
    signal.aborted
      ? Promise.resolve("aborted" as const)
      : Promise.race([
          it.next(),
          new Promise<"aborted">((resolve) => {
            wakeOnAbort = () => resolve("aborted");
          }),
        ]);
  try {
    iterator = options.client.stream(request)[Symbol.asyncIterator]();
    while (true) {
      const next = await nextOrAbort(iterator);
      if (next === "aborted") {
        void iterator.return?.()?.catch(() => {});
        return abortedOutcome();
      }
      if (next.done) break;
      const event = next.value;
      switch (event.type) {
        case "text_delta":
          texts.set(event.index, (texts.get(event.index) ?? "") + event.delta);
          forward?.emit({
            type: "message_delta",
            turn_id: forward.turnId,
            message_id: forward.messageId,
            delta: event.delta,
          });
          break;
        case "thinking_delta":
          forward?.emit({
            type: "reasoning_delta",
            turn_id: forward.turnId,
            message_id: forward.messageId,
            delta: event.delta,
          });
          break;
        case "retry":
          texts.clear();
          options.onRetry?.(event);
          break;
        case "done":
          return { ok: true, message: event.message };
        case "error":
          if (signal.aborted || event.error.kind === "aborted") {
            return { ok: false, message: { ...event.message, stopReason: "aborted" }, error: event.error };
          }
          return { ok: false, message: event.message, error: event.error };
        default:
          break;
      }
    }
    return {
      ok: false,
      message: empty("error"),
      error: {
        kind: "protocol",
        message: "the model's stream ended without a final message",
        retryable: false,
      },
    };
  } catch (error) {
    // Clients must not throw; if one does, it is a bug we report instead of crashing the session.
    if (signal.aborted) return abortedOutcome();
    const message = messageOf(error);
    return {
      ok: false,
      message: empty("error"),
      error: { kind: "protocol", message: `the provider client failed: ${message}`, retryable: false },
    };
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}
