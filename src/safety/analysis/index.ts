/**
 * Public surface of the command analysis. The first call loads tree-sitter-bash and checks every rule's
 * examples (a rule whose example fails stops loading); later calls parse and classify synchronously.
 */
import { analyzeLoaded } from "./analyze.ts";
import { verifyRuleExamples } from "./examples.ts";
import { loadBashParser } from "./parser.ts";
import type { AnalyzeOptions, CommandAnalysis } from "./types.ts";

export type { AnalyzeOptions, CommandAnalysis, CommandPart, Risk } from "./types.ts";
export { worst } from "./types.ts";

let ready: Promise<void> | undefined;

/** Loads the parser and verifies the rule tables once. Rejects (every time) if a rule's example fails. */
export function loadAnalyzer(): Promise<void> {
  ready ??= loadBashParser().then(() => verifyRuleExamples());
  return ready;
}

/**
 * Classifies a shell command: read-only, write, destructive or unknown, with the rules that fired. Rejects
 * only if the analyser cannot load; a command it cannot analyse is `unknown` with the reason.
 */
export async function analyzeCommand(command: string, options: AnalyzeOptions): Promise<CommandAnalysis> {
  await loadAnalyzer();
  try {
    return analyzeLoaded(command, options);
  } catch (error) {
    const reason = `analysis failed: ${error instanceof Error ? error.message : String(error)} (rule analysis-error)`;
    return {
      risk: "unknown",
      reasons: [reason],
      commands: [{ argv: [command], risk: "unknown", reasons: [reason], rules: ["analysis-error"] }],
      parseError: reason,
    };
  }
}
