/** Pending approvals: a tool call waits here until the matching `approval` submission or an interrupt. */
import type { ApprovalSubmission } from "../protocol/submissions.ts";

export type ApprovalAnswer = ApprovalSubmission | { decision: "interrupted" };

export interface Approvals {
  /** Resolves with the answer for `callId`, or `interrupted` when `signal` aborts first. */
  wait(callId: string, signal: AbortSignal): Promise<ApprovalAnswer>;
  /** Delivers an answer; false when no call is waiting for it. */
  answer(submission: ApprovalSubmission): boolean;
}

export function createApprovals(): Approvals {
  const waiting = new Map<string, (answer: ApprovalAnswer) => void>();
  return {
    wait(callId, signal) {
      return new Promise((resolve) => {
        if (signal.aborted) return resolve({ decision: "interrupted" });
        const onAbort = () => finish({ decision: "interrupted" });
        const finish = (answer: ApprovalAnswer) => {
          waiting.delete(callId);
          signal.removeEventListener("abort", onAbort);
          resolve(answer);
        };
        waiting.set(callId, finish);
        signal.addEventListener("abort", onAbort, { once: true });
      });
    },
    answer(submission) {
      const finish = waiting.get(submission.call_id);
      if (!finish) return false;
      finish(submission);
      return true;
    },
  };
}
