/**
 * How the keyboard answers an approval prompt, in one place for the app (which sends the answer) and the view
 * (which says what Enter will do). An answer is one of y / a / n typed on the EMPTY composer while the prompt
 * shows, then Enter. It is not sent on the key itself: "actually no" typed key by key began with `a`, which
 * approved always and ran the command. Anything else typed and sent with Enter is a deny note.
 */
import type { ApprovalSubmission } from "../protocol/submissions.ts";
import type { Screen } from "./screen.ts";

export type ApprovalDecision = ApprovalSubmission["decision"];

const DECISIONS: Readonly<Record<string, ApprovalDecision>> = {
  y: "approve",
  a: "approve_always",
  n: "deny",
};

/** The decision a single key stands for (y, a, n, either case), or undefined. */
export function decisionOfKey(key: string): ApprovalDecision | undefined {
  return DECISIONS[key.toLowerCase()];
}

/**
 * The answer Enter sends: the `armed` key (typed on the empty composer while the prompt showed) when the
 * composer holds exactly it; undefined otherwise, and the text is a deny note.
 */
export function armedDecision(armed: string | undefined, text: string): ApprovalDecision | undefined {
  return armed !== undefined && text === armed ? decisionOfKey(armed) : undefined;
}

const VERB: Record<ApprovalDecision, string> = {
  approve: "approves",
  approve_always: "approves always",
  deny: "denies",
};

/** The prompt's key hint for what the composer holds now. */
export function approvalHint(armed: string | undefined, text: string): string {
  if (!text) return "y yes · a always · n no, then Enter · or type a note and Enter to deny with it";
  const decision = armedDecision(armed, text);
  if (decision) return `Enter ${VERB[decision]} · type on to make it a note instead (Enter then denies)`;
  return "Enter denies with what you typed as the note · Ctrl+U clears it to answer y / a / n";
}

export interface ApprovalAnswersOptions {
  /** The screen whose `state.approval` is answered and whose composer holds the key. */
  screen: Pick<Screen, "state" | "composer" | "push" | "apply">;
  submit(submission: ApprovalSubmission): void;
  /**
   * Keys typed sooner than this after the prompt appears do not arm an answer (a message begun just as it
   * came up). Required: the app documents its default.
   */
  guardMs: number;
}

export interface ApprovalAnswers {
  /** Called with each single typed key before the composer gets it: y / a / n on the empty composer arm it. */
  arm(key: string): void;
  /** Enter: sends the armed answer when the composer holds exactly it; false otherwise (a note, or nothing). */
  answer(): boolean;
}

export function createApprovalAnswers(options: ApprovalAnswersOptions): ApprovalAnswers {
  const { screen } = options;
  return {
    arm(key) {
      const approval = screen.state.approval;
      if (!approval || screen.composer.text) return;
      if (performance.now() - approval.shownAt < options.guardMs) return;
      if (decisionOfKey(key)) approval.armed = key;
    },
    answer() {
      const approval = screen.state.approval;
      const decision = approval && armedDecision(approval.armed, screen.composer.text);
      if (!approval || !decision) return false;
      screen.composer.clear();
      options.submit({ type: "approval", call_id: approval.callId, decision });
      screen.push({
        kind: "notice",
        level: "info",
        text: `${decision.replace("_", " ")}: ${approval.summary}`,
      });
      screen.apply({ type: "approval_answered", call_id: approval.callId });
      return true;
    },
  };
}
