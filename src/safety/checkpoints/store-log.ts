/**
 * The checkpoint history of a store: commits on `refs/tandem/checkpoints`, linear (each checkpoint's parent is
 * the previous one), read and written here; which checkpoint a reference means; what changed between two trees.
 */
import { StoreDamagedError, UnknownCheckpointError } from "./faults.ts";
import { EMPTY_TREE, GitError, splitNul } from "./git.ts";
import { decodeCommit, encodeMessage } from "./message.ts";
import { updateRef, writeCommit } from "./objects.ts";
import type { ShadowRepo } from "./shadow-repo.ts";
import type { Checkpoint, CheckpointKind, CheckpointMeta, CheckpointRef, FileChange } from "./types.ts";

export const CHECKPOINT_REF = "refs/tandem/checkpoints";

export interface CheckpointLog {
  /** Newest checkpoint as this store last saw it; undefined until read from the ref. */
  head: Checkpoint | null | undefined;
  /** Initializes the repository and reads the head once. */
  ready(): Promise<Checkpoint | null>;
  /** Checkpoints newest first from `start`. */
  read(limit?: number, start?: string): Promise<Checkpoint[]>;
  /** Commits `tree` on top of the head; retries when another process moved the ref meanwhile. */
  commit(
    tree: string,
    label: string,
    kind: CheckpointKind,
    meta: CheckpointMeta,
    paths?: string[],
    knownChanges?: { from: string; count: number },
  ): Promise<Checkpoint>;
  /** The checkpoint `ref` names and its parent; throws UnknownCheckpointError when there is none. */
  resolve(ref: CheckpointRef): Promise<{ checkpoint: Checkpoint; parent: Checkpoint | null }>;
  /** What changed from one tree to another. */
  changes(fromTree: string, toTree: string): Promise<FileChange[]>;
}

export function createCheckpointLog(repo: ShadowRepo): CheckpointLog {
  const log: CheckpointLog = {
    head: undefined,

    async ready() {
      await repo.init();
      if (log.head === undefined) log.head = (await log.read(1))[0] ?? null;
      return log.head;
    },

    async read(limit, start = CHECKPOINT_REF) {
      const args = ["log", "--format=%x1e%H%x1f%T%x1f%B"];
      if (limit !== undefined) args.push(`-n${limit}`);
      args.push(start, "--");
      const result = await repo.run(args, { okCodes: [0, 128] });
      if (result.code === 128) {
        // A ref that is not a commit id: reading on as "no checkpoints" would fail every later update.
        if (/ignoring broken ref/.test(result.stderr))
          throw new StoreDamagedError(`${CHECKPOINT_REF} is broken`);
        if (/unknown revision|ambiguous argument|bad revision/.test(result.stderr)) return [];
        throw new GitError(args, 128, result.stderr);
      }
      const checkpoints: Checkpoint[] = [];
      for (const entry of result.stdout.split("\x1e")) {
        const [id, tree, body] = entry.split("\x1f");
        if (!id || !tree || body === undefined) continue;
        const checkpoint = decodeCommit(id.trim(), tree, body);
        if (checkpoint) checkpoints.push(checkpoint);
      }
      return checkpoints;
    },

    async commit(tree, label, kind, meta, paths, knownChanges) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const parent = log.head ?? null;
        if (parent && parent.tree === tree && kind !== "paths") return parent;
        const fromTree = parent?.tree ?? EMPTY_TREE;
        const filesChanged =
          knownChanges?.from === fromTree ? knownChanges.count : (await log.changes(fromTree, tree)).length;
        const record = { seq: (parent?.seq ?? 0) + 1, kind, time: Date.now(), filesChanged, meta, paths };
        const message = encodeMessage(label, record);
        const time = Math.floor(record.time / 1000);
        const id = await writeCommit(repo.gitDir, { tree, parent: parent?.id ?? null, message, time });
        if (!(await updateRef(repo.gitDir, CHECKPOINT_REF, id, parent?.id ?? null))) {
          log.head = (await log.read(1))[0] ?? null;
          continue;
        }
        log.head = decodeCommit(id, tree, message);
        if (!log.head) throw new Error("Checkpoint commit could not be read back (bug).");
        return log.head;
      }
      throw new Error(
        `Checkpoint failed: ${CHECKPOINT_REF} kept moving (another tandem process?). Try again.`,
      );
    },

    async resolve(ref) {
      await log.ready();
      // Read the ref again: another store on the same directory (the session's gate while the UI's /diff runs, or
      // another process) may have added checkpoints since, and #N is counted back from the current newest.
      log.head = (await log.read(1))[0] ?? null;
      const newest = log.head;
      // History is linear and each seq is its parent's plus one, so #N is exactly (head.seq - N) commits back.
      let start: string | null = null;
      if (typeof ref === "number") {
        if (newest && Number.isInteger(ref) && ref >= 1 && ref <= newest.seq)
          // Counted from the newest commit's id, not the ref, which another store may move meanwhile.
          start = `${newest.id}~${newest.seq - ref}`;
      } else if (/^[0-9a-f]{4,40}$/i.test(ref)) {
        const found = await repo.run(["rev-parse", "-q", "--verify", `${ref.toLowerCase()}^{commit}`], {
          okCodes: [0, 1, 128],
        });
        if (found.code === 0) start = found.stdout.trim();
      }
      const [checkpoint, parent] = start ? await log.read(2, start) : [];
      const matches =
        checkpoint &&
        (typeof ref === "number" ? checkpoint.seq === ref : checkpoint.id.startsWith(ref.toLowerCase()));
      if (!checkpoint || !matches) {
        const range = newest ? `#1..#${newest.seq}` : "none yet";
        throw new UnknownCheckpointError(
          `No checkpoint ${typeof ref === "number" ? `#${ref}` : ref} (known: ${range}). Nothing was changed.`,
        );
      }
      return { checkpoint, parent: parent ?? null };
    },

    async changes(fromTree, toTree) {
      const { stdout } = await repo.run([
        "diff-tree",
        "-r",
        "-z",
        "--no-renames",
        "--name-status",
        fromTree,
        toTree,
      ]);
      return parseNameStatus(stdout);
    },
  };
  return log;
}

export function parseNameStatus(output: string): FileChange[] {
  const fields = splitNul(output);
  const files: FileChange[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const status = fields[i]?.[0];
    const file = fields[i + 1];
    if (file && (status === "A" || status === "M" || status === "D" || status === "T"))
      files.push({ status, path: file });
  }
  return files;
}
