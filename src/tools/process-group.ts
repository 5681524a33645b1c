/**
 * Killing a command's whole process group: the shell tool spawns `bash` detached, so bash is the leader of a
 * new group (pgid = its pid) and everything it starts (pipelines, `cmd &` jobs, test runners' workers) is in
 * that group unless it deliberately leaves it (setsid). Killing `-pgid` reaches them all.
 */
import { readdirSync, readFileSync } from "node:fs";

function hasCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === code;
}

/** Sends `signal` to every process in the group. Returns false when the group no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if (hasCode(error, "ESRCH")) return false;
    throw error;
  }
}

/**
 * True while some process of the group is still running. Zombies do not count: where PID 1 does not reap
 * orphans (containers without an init), killed grandchildren stay zombies forever, and a plain
 * `kill(-pgid, 0)` would report them alive. On Linux /proc tells the two apart.
 */
export function groupAlive(pgid: number): boolean {
  if (!signalGroup(pgid, 0)) return false;
  if (process.platform !== "linux") return true;
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return true;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited while we looked
    }
    // Format: pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses, so split after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) === pgid && fields[0] !== "Z") return true;
  }
  return false;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitForGroupExit(pgid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!groupAlive(pgid)) return true;
    await sleep(25);
  }
  return !groupAlive(pgid);
}

/**
 * SIGTERM to the group, then SIGKILL to whatever is left after `graceMs` (default 2_000). Resolves once the
 * group is gone (or SIGKILL was sent and a further second has passed), reporting which signal ended it.
 */
export async function terminateGroup(pgid: number, graceMs = 2_000): Promise<NodeJS.Signals | undefined> {
  if (!signalGroup(pgid, "SIGTERM")) return undefined;
  if (await waitForGroupExit(pgid, graceMs)) return "SIGTERM";
  signalGroup(pgid, "SIGKILL");
  await waitForGroupExit(pgid, 1_000);
  return "SIGKILL";
}

/**
 * After a shell exits, its pipes close once every holder is gone. A background job (`server &`) may keep them
 * open forever, so wait briefly for the pipes (200 ms while the group still lives, else 2 s), then stop
 * reading: the command ends when the shell does.
 */
export async function drain(
  stdout: NodeJS.ReadableStream & { destroy(): void; readableEnded: boolean },
  stderr: NodeJS.ReadableStream & { destroy(): void; readableEnded: boolean },
  pid: number | undefined,
): Promise<void> {
  const ended = (s: typeof stdout) =>
    s.readableEnded ? Promise.resolve() : new Promise<void>((resolve) => s.once("close", () => resolve()));
  const both = Promise.all([ended(stdout), ended(stderr)]);
  const wait = pid !== undefined && groupAlive(pid) ? 200 : 2_000;
  await Promise.race([both, new Promise<void>((resolve) => setTimeout(resolve, wait).unref())]);
  stdout.destroy();
  stderr.destroy();
}
