/**
 * `tandem checkpoints repair`: brings a damaged checkpoint store (truncated or missing objects, a garbage ref,
 * a garbage index, stale lock files after a crash or a full disk) back to a working state, keeping every
 * checkpoint that can still be read, and says what was kept and what was lost.
 *
 * - Stale lock and temporary files are removed (run it only while no tandem works in this workspace).
 * - Objects git cannot read (fsck) and packs that fail verification are moved to `<storeDir>/damaged/`, never
 *   deleted: git would otherwise trust a truncated file and never write that content again.
 * - The ref is pointed at the newest checkpoint whose files are all readable; newer damaged ones are named.
 * - The index is derived state and is always dropped: the next checkpoint re-hashes the workspace.
 * - With nothing salvageable, the store is moved aside whole and the next checkpoint starts a new one.
 */
import { readdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { exists } from "../../util/exists.ts";
import { makeDir } from "../../util/make-dir.ts";
import { decodeCommit } from "./message.ts";
import { atomicWrite, createShadowRepo, type ShadowRepo } from "./shadow-repo.ts";
import { CHECKPOINT_REF } from "./store.ts";
import type { Checkpoint } from "./types.ts";

export interface RepairOptions {
  workspace: string;
  storeDir: string;
  /** git executable. Default "git". */
  git?: string;
}

export interface RepairReport {
  /** False when there was no store to repair. */
  found: boolean;
  /** What was done, one line each, in order. */
  actions: string[];
  /** The newest checkpoint kept (the ref now points at it), or null when none could be salvaged. */
  kept: Checkpoint | null;
  /** Checkpoints newer than `kept` that could not be salvaged (seq and label). */
  lost: string[];
}

const hex40 = /^[0-9a-f]{40}$/;

export async function repairCheckpointStore(options: RepairOptions): Promise<RepairReport> {
  const storeDir = path.resolve(options.storeDir);
  const repo = createShadowRepo({ ...options, storeDir });
  const report: RepairReport = { found: false, actions: [], kept: null, lost: [] };
  if (!(await exists(path.join(repo.gitDir, "HEAD")))) return report;
  report.found = true;
  const damagedDir = path.join(storeDir, "damaged");

  const stale = await removeStaleFiles(repo.gitDir, storeDir);
  if (stale) report.actions.push(`removed ${stale} stale lock or temporary files`);

  const moved = await quarantineBadObjects(repo, damagedDir);
  if (moved) report.actions.push(`moved ${moved} unreadable objects to ${damagedDir}`);

  const candidates = await checkpointCommits(repo);
  const current = (await readFile(path.join(repo.gitDir, CHECKPOINT_REF), "utf8").catch(() => "")).trim();
  for (const candidate of candidates) {
    if (await intact(repo, candidate.id)) {
      report.kept = candidate;
      break;
    }
    report.lost.push(`#${candidate.seq} ${candidate.label}`);
  }

  await rm(repo.indexFile, { force: true });
  report.actions.push("dropped the index (rebuilt from the workspace at the next checkpoint)");

  if (!report.kept) {
    const aside = path.join(storeDir, `damaged-store-${Date.now()}`);
    await rename(repo.gitDir, aside);
    report.actions.push(
      `no checkpoint could be read: moved the store to ${aside}; the next checkpoint starts a new one`,
    );
    return report;
  }
  if (current !== report.kept.id) {
    await makeDir(path.dirname(path.join(repo.gitDir, CHECKPOINT_REF)));
    await atomicWrite(path.join(repo.gitDir, CHECKPOINT_REF), `${report.kept.id}\n`);
    report.actions.push(
      `pointed ${CHECKPOINT_REF} at checkpoint #${report.kept.seq} (it was ${current ? "broken" : "missing"})`,
    );
  }
  // Repeated undo walks back from the last restore's position: forget one beyond the kept history.
  const position = path.join(repo.gitDir, "tandem-position");
  const at = Number(
    (JSON.parse(await readFile(position, "utf8").catch(() => "{}")) as { seq?: unknown }).seq,
  );
  if (Number.isFinite(at) && at > report.kept.seq) await rm(position, { force: true });
  return report;
}

/** Lock files and half-written temporaries that a crash or a full disk leaves behind. */
async function removeStaleFiles(gitDir: string, storeDir: string): Promise<number> {
  let count = 0;
  const stalePattern = /\.lock$|\.tmp-\d+-\d+$|^tmp_obj_|^tmp_pack_|^tmp_idx_|\.paths-\d+$/;
  const walk = async (dir: string, depth: number): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < 4) await walk(full, depth + 1);
      } else if (stalePattern.test(entry.name)) {
        await rm(full, { force: true });
        count++;
      }
    }
  };
  await walk(gitDir, 0);
  for (const entry of await readdir(storeDir).catch(() => [] as string[])) {
    if (stalePattern.test(entry)) {
      await rm(path.join(storeDir, entry), { force: true });
      count++;
    }
  }
  return count;
}

/** Moves what git cannot read out of the object store, so the content can be written again later. */
async function quarantineBadObjects(repo: ShadowRepo, damagedDir: string): Promise<number> {
  let moved = 0;
  const objects = path.join(repo.gitDir, "objects");
  const move = async (file: string, name: string) => {
    await makeDir(damagedDir);
    await rename(file, path.join(damagedDir, name)).catch(() => rm(file, { force: true }));
    moved++;
  };
  const packDir = path.join(objects, "pack");
  for (const name of await readdir(packDir).catch(() => [] as string[])) {
    if (!name.endsWith(".idx")) continue;
    const verified = await repo.run(["verify-pack", path.join(packDir, name)], { okCodes: [0, 1, 128] });
    if (verified.code === 0) continue;
    const base = name.slice(0, -4);
    for (const ext of [".idx", ".pack", ".rev"]) {
      if (await exists(path.join(packDir, base + ext)))
        await move(path.join(packDir, base + ext), base + ext);
    }
  }
  // fsck's exit code is a bit set of what it found; its report is what matters here.
  const fsck = await repo.run(["fsck", "--full", "--no-dangling", "--no-reflogs", "--no-progress"], {
    okCodes: [...Array.from({ length: 32 }, (_, i) => i), 128],
  });
  const bad = new Set<string>();
  for (const match of fsck.stderr.matchAll(/([0-9a-f]{40}): object corrupt or missing/g))
    bad.add(match[1] as string);
  for (const match of fsck.stderr.matchAll(/(?:unable to unpack|header for|inflate)[^\n]*?([0-9a-f]{40})/g))
    bad.add(match[1] as string);
  for (const id of bad) {
    const file = path.join(objects, id.slice(0, 2), id.slice(2));
    if (await exists(file)) await move(file, id);
  }
  return moved;
}

/** Every readable checkpoint commit in the store, newest first (by seq, then time). */
async function checkpointCommits(repo: ShadowRepo): Promise<Checkpoint[]> {
  const listed = await repo.run(
    ["cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(objecttype)", "--unordered"],
    { okCodes: [0, 1, 128] },
  );
  const ids = listed.stdout
    .split("\n")
    .map((line) => line.split(" "))
    .filter(([id, type]) => type === "commit" && hex40.test(id ?? ""))
    .map(([id]) => id as string);
  const found: Checkpoint[] = [];
  for (let i = 0; i < ids.length; i += 200) {
    const chunk = ids.slice(i, i + 200);
    const log = await repo.run(["log", "--no-walk=unsorted", "--format=%x1e%H%x1f%T%x1f%B", ...chunk, "--"], {
      okCodes: [0, 128],
    });
    for (const entry of log.stdout.split("\x1e")) {
      const [id, tree, body] = entry.split("\x1f");
      if (!id || !tree || body === undefined) continue;
      const checkpoint = decodeCommit(id.trim(), tree, body);
      if (checkpoint) found.push(checkpoint);
    }
  }
  return found.sort((a, b) => b.seq - a.seq || b.time - a.time);
}

/** True when the commit and every tree and file of its snapshot can be read. */
async function intact(repo: ShadowRepo, id: string): Promise<boolean> {
  const listed = await repo.run(["rev-list", "--objects", "--no-walk", "--missing=print", id], {
    okCodes: [0, 1, 128],
  });
  if (listed.code !== 0 || /^\?/m.test(listed.stdout)) return false;
  const objects = listed.stdout
    .split("\n")
    .map((line) => line.slice(0, 40))
    .filter((o) => hex40.test(o));
  // Truncated files were moved out by quarantineBadObjects (fsck reads every object whole), so what is
  // unreadable now is simply missing: a header check per object finds it without loading the contents.
  const read = await repo.run(["cat-file", "--batch-check"], {
    input: `${objects.join("\n")}\n`,
    okCodes: [0, 1, 128],
  });
  return read.code === 0 && !/ missing$/m.test(read.stdout);
}
