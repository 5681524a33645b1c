/**
 * Public surface of the command analysis. The first call loads tree-sitter-bash; later calls parse and
 * classify synchronously. The built-in rule tables are checked against their own examples by the test suite
 * (test/safety/analysis-rule-examples.test.ts), not at every start: checking ~800 examples costs ~200 ms of
 * CPU and, measured in `tandem exec`, pushed peak memory from ~95 MB to ~580 MB.
 */
import { messageOf } from "../../util/message-of.ts";
import { analyzeLoaded } from "./analyze.ts";
import { type LoadBashParserOptions, loadBashParser } from "./parser.ts";
import type { AnalyzeOptions, CommandAnalysis } from "./types.ts";

export type { AnalyzeOptions, CommandAnalysis, CommandPart, Risk } from "./types.ts";
export { worst } from "./types.ts";

let ready: Promise<void> | undefined;

/**
 * Loads the parser once (`pace`: see `LoadBashParserOptions`; the first call's counts). Rejects (every time) if
 * tree-sitter-bash cannot load.
 */
export function loadAnalyzer(options: LoadBashParserOptions = {}): Promise<void> {
  ready ??= loadBashParser(options).then(() => undefined);
  return ready;
}

/**
 * `analyzerLoaded`: whether a command would be analysed without waiting. `warmUpAnalyzer`: compiles the grammar's
 * hot paths ahead of the first command (parser.ts).
 */
export { bashParserLoaded as analyzerLoaded, warmUpBashParser as warmUpAnalyzer } from "./parser.ts";

/**
 * Classifies a shell command: read-only, write, destructive or unknown, with the rules that fired. Rejects
 * only if the analyser cannot load; a command it cannot analyse is `unknown` with the reason.
 */
export async function analyzeCommand(command: string, options: AnalyzeOptions): Promise<CommandAnalysis> {
  await loadAnalyzer();
  try {
    return analyzeLoaded(command, options);
  } catch (error) {
    const reason = `analysis failed: ${messageOf(error)} (rule analysis-error)`;
    return {
      risk: "unknown",
      reasons: [reason],
      commands: [{ argv: [command], risk: "unknown", reasons: [reason], rules: ["analysis-error"] }],
      parseError: reason,
    };
  }
}
