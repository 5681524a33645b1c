/**
 * Human output for `tandem exec`: the assistant's text streams to stdout; one line per tool call, notices,
 * retries, errors and the final summary go to stderr, so `tandem exec "…" > answer.md` captures just the answer.
 * What it needs to remember (which call is which, the totals) is the shared conversation state
 * (src/conversation/); the text itself is written as it streams.
 */

import { formatCheckpointProgress, formatCost, formatDuration, formatUsage } from "../app/format.ts";
import { createConversation, reduceConversation, runningCall } from "../conversation/reduce.ts";
import type { AgentEventBody } from "../protocol/events.ts";
import { createOutputBuffer } from "./output-buffer.ts";
import { refusalLines, refusedSummary } from "./render-refusal.ts";
import { summaryLines } from "./render-summary.ts";

export interface HumanRendererOptions {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** ANSI colours on stderr. Default: stderr is a TTY and NO_COLOR is unset. */
  color?: boolean;
}

export interface Renderer {
  render(event: AgentEventBody): void;
  flush(): void;
}

export function createHumanRenderer(options: HumanRendererOptions): Renderer {
  const out = createOutputBuffer(options.stdout);
  const color = options.color ?? (options.stderr.isTTY === true && !process.env.NO_COLOR);
  const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[22m` : s);
  const red = (s: string) => (color ? `\x1b[31m${s}\x1b[39m` : s);
  const green = (s: string) => (color ? `\x1b[32m${s}\x1b[39m` : s);
  // Date.now, not performance.now: the run's duration needs milliseconds only, and Node loads perf_hooks (ten
  // modules) on the first use of `performance`, here before the first model request.
  const started = Date.now();
  let conversation = createConversation();
  let atLineStart = true;

  const err = (line: string) => {
    out.flush();
    if (!atLineStart) {
      options.stdout.write("\n");
      atLineStart = true;
    }
    options.stderr.write(`${line}\n`);
  };

  return {
    flush: () => out.flush(),
    render(event) {
      // The call's entry as it ran (its summary), before this event finishes it.
      const call = event.type === "tool_call_finished" ? runningCall(conversation, event.call_id) : undefined;
      conversation = reduceConversation(conversation, event);
      switch (event.type) {
        case "message_delta":
          out.write(event.delta);
          if (event.delta.length) atLineStart = event.delta.endsWith("\n");
          break;
        case "message_done":
          if (!atLineStart) {
            out.write("\n");
            atLineStart = true;
          }
          break;
        case "tool_call_finished": {
          const mark = event.status === "ok" ? "✓" : event.status === "interrupted" ? "■" : "✗";
          const what = call?.summary;
          const line = `${mark} ${event.tool}${what ? ` ${what}` : ""} ${dim(`(${formatDuration(event.duration_ms)}${event.status === "ok" ? "" : `, ${event.status}`})`)}`;
          err(event.status === "ok" ? line : red(line));
          if (event.refusal) for (const l of refusalLines(event.refusal)) err(l);
          break;
        }
        case "retry":
          err(
            dim(`retrying in ${formatDuration(event.delay_ms)} (attempt ${event.attempt}): ${event.reason}`),
          );
          break;
        case "checkpoint_progress":
          err(dim(formatCheckpointProgress(event)));
          break;
        case "notice":
          err(event.level === "warning" ? `warning: ${event.message}` : dim(event.message));
          break;
        case "error":
          err(red(`error: ${event.message}`));
          break;
        case "compacted":
          err(dim(`compacted history: ${event.tokens_before} → ${event.tokens_after} tokens`));
          break;
        case "model_changed":
          err(dim(`model: ${event.model}`));
          break;
        case "turn_finished": {
          const { steps, session_usage: usage, session_cost: cost } = conversation;
          const parts = [
            event.status + (event.reason ? ` (${event.reason})` : ""),
            refusedSummary(event.refused ?? 0),
            `${steps} step${steps === 1 ? "" : "s"}`,
            usage ? formatUsage(usage) : "no usage reported",
            formatCost(cost),
            formatDuration(Date.now() - started),
          ];
          err(dim(parts.filter(Boolean).join(" · ")));
          break;
        }
        case "session_finished":
          if (event.summary) for (const line of summaryLines(event.summary, { dim, green, red })) err(line);
          break;
        default:
          break;
      }
    },
  };
}
