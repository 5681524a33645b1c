/**
 * Undoing what a step did to the git directory, from the snapshots taken before and after it
 * (git-dir-snapshot.ts). The rule: bring back what the step **removed or damaged**, keep what it **added or
 * moved validly**.
 * - Objects and packs the step deleted, or replaced under their name, come back (unless a current pack holds
 *   them: `git gc` repacked them).
 * - A ref (loose, in packed-refs, or HEAD) the step deleted, or left unreadable or pointing at a missing object,
 *   comes back at its old value; a ref the step moved to another existing commit stays (a new commit, a checkout:
 *   the reflog has the old value, and moving branches back is history rewriting the user did not ask for).
 * - The index comes back when it is missing or damaged (bad signature or checksum), not when it changed validly.
 * - A reflog comes back when the step removed or cut it: old lines first, then lines the step added.
 * - Any other file (config, info/exclude, objects/info/alternates, shallow, hooks) comes back when deleted or
 *   truncated. Files that describe an operation in progress (MERGE_HEAD, rebase-merge/...) and caches git
 *   rewrites itself (commit-graph, objects/info/packs) are neither kept nor restored.
 * Without the after-step snapshot (a crash), the current state stands for it.
 * Nothing is restored that is present and intact now, so running a repair twice changes nothing.
 */

import {
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { makeDirSync } from "../../util/make-dir.ts";
import { messageOf } from "../../util/message-of.ts";
import {
  classify,
  isIntactIndex,
  objectLookup,
  packIndexIds,
  parsePackedRefs,
  parseRef,
} from "./git-dir-files.ts";
import type { GitDirSnapshots } from "./git-dir-snapshot.ts";
import { type SnapshotLine, writeOncePathsAt } from "./snapshot-log.ts";

export interface RepairAction {
  /** Path inside the git directory (`/`-separated). */
  path: string;
  /** What the step did to it. */
  why: "deleted" | "damaged" | "truncated";
  /** How it comes back; "lost" when no backup holds it (over the copy budget). */
  how: "link" | "blob" | "ref" | "reflog" | "lost";
  /** For "blob"/"reflog": the content hash; for "ref": the old value. */
  value?: string;
}

export interface RepairReport {
  restored: string[];
  /** What the step removed that no backup holds, with why. */
  notRestorable: string[];
}

/** What to bring back for the step between snapshots `before` and `after` (null: compare with now). */
export function planGitDirRepair(
  snapshots: GitDirSnapshots,
  before: string,
  after: string | null,
): RepairAction[] {
  const { gitDir } = snapshots;
  // A removed `.git` is planned like any other loss (everything comes back); a file in its place is left alone.
  if (existsSync(gitDir) && !statSync(gitDir).isDirectory()) return [];
  const lines = snapshots.log.read();
  const old = lines.get(before);
  if (!old) return [];
  const next = after ? lines.get(after) : undefined;
  const exists = objectLookup(gitDir);
  const actions: RepairAction[] = [];
  const here = (rel: string) => path.join(gitDir, rel);
  const read = (rel: string): Buffer | null => {
    try {
      return readFileSync(here(rel));
    } catch {
      return null;
    }
  };

  // Objects the step removed, or replaced under the same name: git never rewrites an object file, so one that
  // is not the inode the backup links to was deleted and written again (a legitimate rewrite has the same bytes,
  // and then linking the backup back changes nothing).
  const objectsBefore = writeOncePathsAt(lines, before);
  const objectsAfter = next ? writeOncePathsAt(lines, next.id) : null;
  const restoredPacks = new Set<string>();
  for (const rel of objectsBefore) {
    const now = identityOf(here(rel));
    if (now !== null) {
      const backup = identityOf(path.join(snapshots.dir, "objects", rel));
      // A hard link is the same inode; a copy (backup on another filesystem) can only be compared by size.
      const replaced = backup && (backup.dev === now.dev ? backup.ino !== now.ino : backup.size !== now.size);
      if (replaced) actions.push({ path: rel, why: "damaged", how: "link" });
      continue;
    }
    if (objectsAfter?.has(rel)) continue; // deleted after the step, not by it
    const loose = /^objects\/([0-9a-f]{2})\/([0-9a-f]{38,62})$/.exec(rel);
    if (loose?.[1] && loose[2] && exists(loose[1] + loose[2])) continue; // packed by `git gc`, not lost
    const pack = /^(objects\/pack\/pack-[0-9a-f]+)\.[a-z]+$/.exec(rel);
    if (pack?.[1] && !restoredPacks.has(pack[1]) && packIsRedundant(snapshots, pack[1], exists)) continue;
    if (pack?.[1]) restoredPacks.add(pack[1]);
    actions.push({ path: rel, why: "deleted", how: "link" });
  }
  for (const [rel, size] of Object.entries(old.unprotected ?? {})) {
    if (classify(rel) === "object" && !existsSync(here(rel)) && !objectsAfter?.has(rel))
      actions.push({ path: rel, why: "deleted", how: "lost", value: String(size) });
  }

  // packed-refs that no longer parses makes every git command fail: its old content comes back whole.
  const packedSha = old.files["packed-refs"];
  const packedText = read("packed-refs")?.toString("utf8");
  let packedNow = parsePackedRefs(packedText ?? "");
  if (packedText !== undefined && packedNow === null && packedSha) {
    actions.push({ path: "packed-refs", why: "damaged", how: "blob", value: packedSha });
    packedNow = parsePackedRefs(snapshots.blobs.read(packedSha)?.toString("utf8") ?? "");
  }
  const packed = packedNow ?? new Map<string, string>();
  const refValid = (content: string | null | undefined) => {
    if (content == null) return false;
    const ref = parseRef(content);
    return ref !== null && ("symbolic" in ref || exists(ref.id));
  };
  const resolvable = (name: string) => {
    const loose = read(name);
    if (loose) return refValid(loose.toString("utf8"));
    const id = packed.get(name);
    return id !== undefined && exists(id);
  };
  // Refs by name (loose files, packed-refs entries, HEAD), so packing or unpacking them is not a change.
  const refsBefore = refsAt(snapshots, old);
  const refsAfter = next ? refsAt(snapshots, next) : null;
  for (const [name, value] of refsBefore) {
    if (refsAfter && refsAfter.get(name) === value) continue; // the step left it alone
    const deleted = read(name) === null;
    // A deleted loose ref falls back to an older packed-refs entry: resolvable, but still lost.
    const uncovered = deleted && old.files[name] !== undefined && packed.get(name) !== value;
    if (!uncovered && resolvable(name)) continue; // still there (moved or not): kept
    actions.push({ path: name, why: deleted ? "deleted" : "damaged", how: "ref", value });
  }

  const changedByStep = (rel: string) => !next || next.files[rel] !== old.files[rel];
  for (const [rel, sha] of Object.entries(old.files)) {
    const kind = classify(rel);
    if (!changedByStep(rel)) continue;
    const current = read(rel);
    if (kind === "index") {
      if (current !== null && isIntactIndex(current)) continue;
      actions.push({ path: rel, why: current === null ? "deleted" : "damaged", how: "blob", value: sha });
    } else if (kind === "reflog") {
      const before = snapshots.blobs.read(sha);
      if (!before || current?.subarray(0, before.length).equals(before)) continue;
      actions.push({ path: rel, why: current === null ? "deleted" : "truncated", how: "reflog", value: sha });
    } else if (kind === "file") {
      const before = snapshots.blobs.read(sha);
      if (!before) continue;
      const cut =
        current !== null &&
        current.length < before.length &&
        before.subarray(0, current.length).equals(current);
      if (current !== null && !cut) continue;
      actions.push({ path: rel, why: current === null ? "deleted" : "truncated", how: "blob", value: sha });
    }
  }
  for (const [rel, size] of Object.entries(old.unprotected ?? {})) {
    if (classify(rel) !== "object" && !existsSync(here(rel)))
      actions.push({ path: rel, why: "deleted", how: "lost", value: String(size) });
  }
  return actions;
}

function identityOf(file: string): { dev: bigint; ino: bigint; size: bigint } | null {
  try {
    const st = lstatSync(file, { bigint: true });
    return { dev: st.dev, ino: st.ino, size: st.size };
  } catch {
    return null;
  }
}

/** Every ref at a snapshot (name → `ref: X` or an object id): loose files and HEAD override packed-refs. */
function refsAt(snapshots: GitDirSnapshots, line: SnapshotLine): Map<string, string> {
  const refs = new Map<string, string>();
  const packedSha = line.files["packed-refs"];
  const packed = packedSha ? parsePackedRefs(snapshots.blobs.read(packedSha)?.toString("utf8") ?? "") : null;
  for (const [name, id] of packed ?? []) refs.set(name, id);
  for (const [rel, sha] of Object.entries(line.files)) {
    if (classify(rel) !== "ref") continue;
    const content = snapshots.blobs.read(sha)?.toString("utf8");
    if (content !== undefined && parseRef(content)) refs.set(rel, content.trim());
  }
  return refs;
}

/** A deleted pack whose every object is still available elsewhere (repacked) need not come back. */
function packIsRedundant(snapshots: GitDirSnapshots, base: string, exists: (id: string) => boolean): boolean {
  let ids: string[];
  try {
    ids = packIndexIds(readFileSync(path.join(snapshots.dir, "objects", `${base}.idx`)));
  } catch {
    return false;
  }
  if (ids.length === 0) return false;
  // `exists` sees the current packs; the deleted pack's own files are gone, so it does not count itself.
  return ids.every(exists);
}

/** Carries out `planGitDirRepair`'s actions. Never overwrites an intact file. */
export function applyGitDirRepair(snapshots: GitDirSnapshots, actions: RepairAction[]): RepairReport {
  const report: RepairReport = { restored: [], notRestorable: [] };
  for (const action of actions) {
    const target = path.join(snapshots.gitDir, action.path);
    try {
      if (action.how === "lost") {
        report.notRestorable.push(
          `.git/${action.path} (${action.why}; ${action.value} bytes, over the backup budget)`,
        );
        continue;
      }
      makeDirSync(path.dirname(target));
      if (action.how === "link") {
        const source = path.join(snapshots.dir, "objects", action.path);
        const size = lstatSync(source).size;
        if (size === 0) throw new Error("its backup was emptied in place (the object file shares its inode)");
        rmSync(target, { force: true });
        try {
          linkSync(source, target);
        } catch {
          copyFileSync(source, target); // the backup is on another filesystem: it holds a copy
        }
      } else if (action.how === "ref") {
        // Written as a loose ref, as git does; it takes precedence over packed-refs.
        writeText(target, `${action.value}\n`);
      } else if (action.how === "reflog") {
        const before = snapshots.blobs.read(action.value ?? "");
        if (!before) throw new Error("its backup is missing");
        const now = existsSync(target) ? readFileSync(target, "utf8") : "";
        const oldText = before.toString("utf8");
        // Lines compared without identity and time: an entry the guard's own backup already put back (a
        // re-stored stash entry) must not appear twice.
        const oldLines = new Set(oldText.split("\n").map(reflogKey));
        const added = now.split("\n").filter((l) => l && !oldLines.has(reflogKey(l)));
        writeText(target, oldText + (added.length ? `${added.join("\n")}\n` : ""));
      } else if (!snapshots.blobs.restore(action.value ?? "", target)) {
        throw new Error("its backup is missing");
      }
      report.restored.push(`.git/${action.path}`);
    } catch (error) {
      report.notRestorable.push(`.git/${action.path} (${messageOf(error)})`);
    }
  }
  return report;
}

/** A reflog line's old and new ids and message (`<old> <new> <ident> <time> <tz>\t<message>`). */
function reflogKey(line: string): string {
  const [ids = "", message = ""] = line.split("\t");
  return `${ids.split(" ").slice(0, 2).join(" ")}\t${message}`;
}

function writeText(target: string, text: string): void {
  const temp = `${target}.tandem-restore-${process.pid}`;
  writeFileSync(temp, text);
  renameSync(temp, target);
}
