/**
 * The system prompt, built from data: who tandem is, a few working rules, rules for the tools actually
 * present, the environment, and the project's instructions (AGENTS.md) last, so they are the freshest context
 * and the stable prefix before them caches well. Its size is measured by test/tools/system-prompt-budget.test.ts.
 */
import { type } from "node:os";
import type { AnyTool } from "../core/tool.ts";

export interface SystemPromptOptions {
  /** The tools the model gets; only their guidelines are included. */
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

interface ToolGuideline {
  /** Included only when all of these tools are present. */
  requires: string[];
  /** The guideline needs at least one of these; `{tools}` in `text` becomes the ones present. */
  anyOf?: string[];
  text: string;
}

/** Keyed by tool name, so a prompt never mentions a tool the model does not have. */
export const TOOL_GUIDELINES: readonly ToolGuideline[] = [
  {
    requires: ["shell"],
    anyOf: ["grep", "find", "ls"],
    text: "Explore with {tools} rather than shell: faster, and they respect .gitignore.",
  },
  { requires: ["read"], text: "Read files with read, not cat or sed." },
  { requires: ["read"], anyOf: ["edit", "write", "apply_patch"], text: "Read a file before you change it." },
  {
    requires: ["edit"],
    text: "edit needs old_string copied exactly from the file (without read's line numbers) and unique in it.",
  },
  { requires: ["write"], text: "Use write only for new files or complete rewrites." },
  {
    requires: ["apply_patch"],
    text:
      "apply_patch format: `*** Begin Patch`, then `*** Add File: <path>` (lines prefixed +), `*** Delete File: <path>`, " +
      "or `*** Update File: <path>` with hunks starting `@@` (optionally `@@ <enclosing line>`) whose lines are prefixed " +
      "` ` (context, 3 lines around each change), `-` or `+`; end with `*** End Patch`.",
  },
  {
    requires: ["shell"],
    text:
      "shell has no stdin or terminal: never start interactive programs or pagers (use --no-pager, -y). " +
      "Long output is cut in the middle; the full text is saved to a file you can read.",
  },
  {
    requires: ["todo"],
    text: "For work with several steps keep a todo list with todo, updating it as you go.",
  },
];

function toolGuidelines(names: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const g of TOOL_GUIDELINES) {
    if (!g.requires.every((n) => names.has(n))) continue;
    if (g.anyOf) {
      const present = g.anyOf.filter((n) => names.has(n));
      if (present.length === 0) continue;
      out.push(g.text.replace("{tools}", joinNames(present)));
    } else {
      out.push(g.text);
    }
  }
  return out;
}

function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

export function buildSystemPrompt(options: SystemPromptOptions): string {
  const names = new Set(options.tools.map((t) => t.name));
  const guidelines = [...GENERAL, ...toolGuidelines(names)].map((g) => `- ${g}`).join("\n");
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
