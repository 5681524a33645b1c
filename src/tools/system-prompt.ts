/**
 * The system prompt, built from data: who tandem is, a few working rules, rules for the tools actually
 * present, the environment, and the project's instructions (AGENTS.md) last, so they are the freshest context
 * and the stable prefix before them caches well. Its size is measured by test/tools/system-prompt-budget.test.ts.
 */
import { type } from "node:os";
import type { AnyTool } from "../core/tool.ts";
import type { ToolKind } from "../protocol/tools.ts";

export interface SystemPromptOptions {
  /** The tools the model gets; only their guidelines (`Tool.guidelines`, and those by kind) are included. */
  tools: readonly AnyTool[];
  /** The workspace root. */
  cwd: string;
  /** Project instructions (AGENTS.md text), appended last. Default none. */
  instructions?: string;
  /** Default today, `YYYY-MM-DD` (UTC). */
  date?: string;
  /** Default `os.type()` (e.g. `Linux`). */
  os?: string;
}

const IDENTITY =
  "You are tandem, a coding agent in the user's terminal. You work in their repository with the tools below. " +
  "The user may send messages while you work: take them into account at once.";

const GENERAL = [
  "Look at the relevant code before changing it; make the smallest change that does the task, in the project's style.",
  "Check your work with the project's build, tests or linters when it has them; say what you could not check.",
  "Never revert changes you did not make. Ask before anything destructive or outside the workspace.",
  "Be concise. Name files by path. End with a short summary of what you changed.",
];

/**
 * Guidelines about how tools of different kinds go together, included only when tools of both kinds are present
 * and naming the ones present. A tool's own advice is its `guidelines` (declared with the tool).
 */
function kindGuidelines(tools: readonly AnyTool[]): string[] {
  const named = (kind: ToolKind) => tools.filter((t) => t.kind === kind).map((t) => t.name);
  const search = named("search");
  const execute = named("execute");
  const read = named("read");
  const edit = named("edit");

  const out: string[] = [];
  if (search.length > 0 && execute.length > 0)
    out.push(
      `Explore with ${joinNames(search)} rather than ${joinNames(execute)}: faster, and they respect .gitignore.`,
    );
  if (read.length > 0 && edit.length > 0) out.push("Read a file before you change it.");
  return out;
}

/** The guidelines of the tools present, each once, in tool order. */
function toolGuidelines(tools: readonly AnyTool[]): string[] {
  const own = tools.map((t) => t.guidelines?.trim() ?? "").filter(Boolean);
  return [...kindGuidelines(tools), ...new Set(own)];
}

function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

export function buildSystemPrompt(options: SystemPromptOptions): string {
  const guidelines = [...GENERAL, ...toolGuidelines(options.tools)].map((g) => `- ${g}`).join("\n");
  const date = options.date ?? new Date().toISOString().slice(0, 10);
  const sections = [
    IDENTITY,
    `Guidelines:\n${guidelines}`,
    `Environment:\n- Workspace: ${options.cwd} (relative paths resolve here)\n- OS: ${options.os ?? type()}\n- Date: ${date}`,
  ];
  const instructions = options.instructions?.trim();
  if (instructions) sections.push(`Project instructions (AGENTS.md):\n${instructions}`);
  return sections.join("\n\n");
}
