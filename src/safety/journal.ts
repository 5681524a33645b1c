/**
 * The undo journal: one JSON line per step a session took that `tandem undo` can reverse, kept per workspace
 * next to the checkpoint store (`<TANDEM_HOME>/checkpoints/<hash>.undo.jsonl`). A step is either a checkpoint
 * taken before a tool call, or a destructive action with the backup made before it ran; an `after` record then
 * names the checkpoint of what the step left. Reversals are appended as `undone` records, so the file is
 * append-only. Keys are snake_case like every other file tandem writes; a new journal's first line names its
 * format version, and an older journal is read through the migrations in journal-format.ts.
 */
import { appendFile, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { makeDir } from "../util/make-dir.ts";
import type { BackupRecord } from "./backup/index.ts";
import { checkpointStoreDir } from "./checkpoints/index.ts";
import { isJournalHeader, JOURNAL_HEADER, journalVersion, migrateJournalEntry } from "./journal-format.ts";

export interface StepEntry {
  type: "step";
  /** Checkpoint taken before the call (the state `undo` returns to). */
  checkpoint: number;
  label: string;
  time: number;
  call_id?: string;
  /** Key of the git-directory and ignored-file backups taken around the step (StepBackups). */
  data?: string;
}

export interface BackupEntry {
  type: "backup";
  /** Checkpoint taken before the backup, when one was taken. */
  checkpoint?: number;
  command: string;
  justification: string;
  backups: BackupRecord[];
  time: number;
  call_id?: string;
  /** Key of the git-directory and ignored-file backups taken around the step (StepBackups). */
  data?: string;
}

/**
 * The checkpoint recorded right after a step finished: what the step left. `undo` compares the workspace with it
 * to find files changed since (by the user), which it keeps instead of reverting.
 */
export interface AfterEntry {
  type: "after";
  /** The step's call id. */
  call_id: string;
  checkpoint: number;
  /** Checkpoints taken while the step ran (a long shell command), oldest first. */
  during?: number[];
  time: number;
}

export interface UndoneEntry {
  type: "undone";
  /** Line number (0-based) of the entry that was reversed. */
  of: number;
  time: number;
}

export type JournalEntry = StepEntry | BackupEntry | AfterEntry | UndoneEntry;

/**
 * The entries of a step whose checkpoint a later session made (`CheckpointStore.recoverSteps`: its session ended
 * between the step and its checkpoint), so `undo` reverses it like any other: the step, then what it left.
 */
export function recoveredStepEntries(step: {
  before: { seq: number; time: number };
  after: { seq: number; time: number };
  callId: string;
  label: string;
}): [StepEntry, AfterEntry] {
  const id = step.callId ? { call_id: step.callId } : {};
  return [
    { type: "step", checkpoint: step.before.seq, label: step.label, time: step.before.time, ...id },
    { type: "after", call_id: step.callId, checkpoint: step.after.seq, time: step.after.time },
  ];
}

export interface SafetyPaths {
  /** Shadow checkpoint store. */
  storeDir: string;
  /** The undo journal. */
  journal: string;
  /** Where `rm -r` targets and `git clean` copies are kept. */
  trashDir: string;
  /** Backups of the git directory and ignored files around each step. */
  dataDir: string;
}

/** Where a workspace's checkpoints, journal and trash live under TANDEM_HOME. */
export function safetyPaths(tandemHome: string, workspace: string): SafetyPaths {
  const storeDir = checkpointStoreDir(tandemHome, workspace);
  return {
    storeDir,
    journal: `${storeDir}.undo.jsonl`,
    trashDir: `${storeDir}.trash`,
    dataDir: `${storeDir}.data`,
  };
}

export interface UndoJournal {
  readonly file: string;
  append(entry: JournalEntry): Promise<void>;
  /**
   * All entries with their line numbers, oldest first, in the current format (journal-format.ts migrates an older
   * file's). A torn last line is skipped. Rejects with JournalFormatError for a journal of a newer tandem.
   */
  read(): Promise<Array<{ line: number; entry: JournalEntry }>>;
}

export function createUndoJournal(file: string): UndoJournal {
  let queue: Promise<unknown> = Promise.resolve();
  let started = false;
  return {
    file,
    append(entry) {
      // Appends are serialized so lines never interleave; one line per write keeps each record whole.
      const next = queue.then(async () => {
        if (!started) {
          await makeDir(path.dirname(file));
          // A new journal starts with its format; an existing one (of any version) is only appended to.
          await writeFile(file, `${JSON.stringify(JOURNAL_HEADER)}\n`, { flag: "wx" }).catch(
            (error: NodeJS.ErrnoException) => {
              if (error.code !== "EEXIST") throw error;
            },
          );
          started = true;
        }
        await appendFile(file, `${JSON.stringify(entry)}\n`);
      });
      queue = next.catch(() => undefined);
      return next;
    },
    async read() {
      const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return "";
        throw error;
      });
      const parsed: Array<{ line: number; raw: Record<string, unknown> }> = [];
      let header: { version: number } | undefined;
      text.split("\n").forEach((raw, line) => {
        if (!raw.trim()) return;
        try {
          const value = JSON.parse(raw) as Record<string, unknown>;
          // The header is line 0 unless another session's first entry raced it in; either way it is no entry.
          if (isJournalHeader(value)) header ??= value;
          else parsed.push({ line, raw: value });
        } catch {
          // A line cut by a crash: the entries before it are still good.
        }
      });
      const version = journalVersion(header);
      return parsed.map(({ line, raw }) => ({
        line,
        entry: migrateJournalEntry(raw, version) as unknown as JournalEntry,
      }));
    },
  };
}
