/**
 * The standard tool set of a session, sharing one file-state tracker so that `read` records what the agent saw
 * and `write`, `edit` and `apply_patch` refuse to overwrite what the user changed since.
 */
import type { AnyTool } from "../core/tool.ts";
import type { ModelEntry } from "../providers/types.ts";
import { createApplyPatchTool } from "../tools/apply-patch/tool.ts";
import { createEditTool } from "../tools/edit.ts";
import { createFileState } from "../tools/file-state.ts";
import { createFindTool } from "../tools/find.ts";
import { createGrepTool } from "../tools/grep.ts";
import { createLsTool } from "../tools/ls.ts";
import { createReadTool } from "../tools/read.ts";
import { createShellTool, type ShellToolOptions } from "../tools/shell.ts";
import { createTodoTool } from "../tools/todo.ts";
import { createWriteTool } from "../tools/write.ts";

export interface ToolSetOptions {
  cwd: string;
  /** Rewrites a shell command's argv, e.g. into the sandbox. Default: none. */
  wrap?: ShellToolOptions["wrap"];
  /** The environment commands start from, before secrets are scrubbed. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** The configured key variables, withheld from commands with every copy of their values. Default none. */
  keyNames?: readonly string[];
}

export interface ToolSet {
  tools: AnyTool[];
  /** The tools a model gets: `apply_patch` for models trained on it, `edit` for the others. */
  toolsFor(model: ModelEntry): AnyTool[];
}

export function createToolSet(options: ToolSetOptions): ToolSet {
  const fileState = createFileState({ cwd: options.cwd });
  const shellOptions: ShellToolOptions = {};
  if (options.wrap) shellOptions.wrap = options.wrap;
  if (options.env) shellOptions.baseEnv = options.env;
  if (options.keyNames) shellOptions.keyNames = options.keyNames;
  const edit = createEditTool({ fileState }) as AnyTool;
  const applyPatch = createApplyPatchTool({ fileState }) as AnyTool;
  const tools: AnyTool[] = [
    createShellTool(shellOptions),
    createReadTool({ onRead: (path, content) => fileState.recordRead(path, content) }),
    createWriteTool({ fileState }),
    edit,
    applyPatch,
    createGrepTool(),
    createFindTool(),
    createLsTool(),
    createTodoTool(),
  ];
  return {
    tools,
    toolsFor(model) {
      // The tool objects themselves, not their names: the set chooses between two tools it made.
      const skip = model.capabilities.editFormat === "apply_patch" ? edit : applyPatch;
      return tools.filter((t) => t !== skip);
    },
  };
}
