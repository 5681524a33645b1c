import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { ToolContext } from "../../src/core/tool.ts";

export interface OutputChunk {
  chunk: string;
  stream: "stdout" | "stderr";
}

/** A ToolContext recording streamed output. */
export function makeContext(cwd: string, signal: AbortSignal = new AbortController().signal) {
  const chunks: OutputChunk[] = [];
  const ctx: ToolContext = {
    cwd,
    callId: "call_1",
    signal,
    onOutput: (chunk, stream) => chunks.push({ chunk, stream }),
  };
  return { ctx, chunks };
}

export async function makeTempDir(prefix = "tandem-tools-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Writes files (relative path → content) under `root`, creating folders. */
export async function writeTree(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const path = join(root, rel);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
}

/** Dead, or a zombie nobody reaps (containers without an init): either way it no longer runs. */
export function isDead(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return true;
  }
}
