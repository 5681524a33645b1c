/**
 * The summary at the end of a `tandem exec` run: the files it changed with line counts (and the diff when
 * asked), computed from the workspace's checkpoints, and the commands that resume its session.
 */

import type { RunSummary } from "../protocol/run-summary.ts";
import { messageOf } from "../util/message-of.ts";
import { diffStat } from "./diff-stat.ts";
import { resumeCommands } from "./resume-command.ts";

export interface RunSummaryOptions {
  /** TANDEM_HOME (where the workspace's checkpoints are). */
  home: string;
  /** The session's workspace. */
  cwd: string;
  sessionId: string;
  /** When the run started (ms since the epoch): the changes of its steps, not earlier runs'. */
  since: number;
  /** Include the unified diff. Default false. */
  patch?: boolean;
  /** Where the user typed the command, for the resume commands. Default process.cwd(). */
  from?: string;
}

/** Never rejects: a checkpoint store that cannot be read leaves `changes` empty with `changes_error` saying why. */
export async function buildRunSummary(options: RunSummaryOptions): Promise<RunSummary> {
  const summary: RunSummary = {
    session_id: options.sessionId,
    changes: [],
    added: 0,
    removed: 0,
    resume: resumeCommands({
      sessionId: options.sessionId,
      cwd: options.cwd,
      ...(options.from ? { from: options.from } : {}),
    }),
  };
  try {
    // Loaded here, at the end of the run: the checkpoint code stays off exec's start-up path.
    const { changesSince } = await import("./workspace-history.ts");
    const changes = await changesSince(options.home, options.cwd, options.since);
    if (!changes || changes.files.length === 0) return summary;
    summary.changes = diffStat(changes.files, changes.patch);
    for (const file of summary.changes) {
      summary.added += file.added ?? 0;
      summary.removed += file.removed ?? 0;
    }
    summary.from_checkpoint = changes.from.seq;
    if (options.patch) summary.patch = changes.patch;
  } catch (error) {
    summary.changes_error = messageOf(error);
  }
  return summary;
}
