/** Small real tools for the core-loop tests. */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import { z } from "zod";
import { type AnyTool, defineTool } from "../../src/core/tool.ts";

export interface Span {
  name: string;
  start: number;
  end: number;
}

/** Read-only: waits `ms` then answers; records when it ran. */
export function sleepyReadTool(spans: Span[]): AnyTool {
  return defineTool({
    name: "peek",
    description: "Reads something slowly.",
    kind: "read",
    parameters: z.object({ label: z.string(), ms: z.number().int().nonnegative() }),
    async execute(args, ctx) {
      const start = Date.now();
      await delay(args.ms, undefined, { signal: ctx.signal }).catch(() => {});
      spans.push({ name: args.label, start, end: Date.now() });
      return { content: `peeked ${args.label}` };
    },
  });
}

/** Not read-only: appends `text` to a log after `ms`; records when it ran. */
export function writeTool(log: string[], spans: Span[] = []): AnyTool {
  return defineTool({
    name: "write_note",
    description: "Writes a note.",
    kind: "other",
    parameters: z.object({ text: z.string(), ms: z.number().int().nonnegative().default(0) }),
    summarize: (args) => `write ${args.text}`,
    async execute(args) {
      const start = Date.now();
      await delay(args.ms);
      log.push(args.text);
      spans.push({ name: args.text, start, end: Date.now() });
      return { content: `wrote ${args.text}`, details: { length: args.text.length } };
    },
  });
}

export function echoTool(): AnyTool {
  return defineTool({
    name: "read_file",
    description: "Echoes a path.",
    kind: "read",
    parameters: z.object({ path: z.string(), offset: z.number().int().optional() }),
    async execute(args, ctx) {
      ctx.onOutput?.(`reading ${args.path}\n`, "stdout");
      return { content: `contents of ${args.path}` };
    },
  });
}

/**
 * Runs a real `sleep` in its own process group and kills the group on abort, as the shell tool does.
 * The child's pid is pushed to `pids` as soon as it starts.
 */
export function sleepProcessTool(pids: number[]): AnyTool {
  return defineTool({
    name: "run_sleep",
    description: "Runs sleep.",
    kind: "other",
    parameters: z.object({ seconds: z.number() }),
    execute(args, ctx) {
      return new Promise((resolve) => {
        const child = spawn("sh", ["-c", `sleep ${args.seconds}; echo done`], {
          detached: true,
          stdio: ["ignore", "pipe", "pipe"],
        });
        if (child.pid) pids.push(child.pid);
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          ctx.onOutput?.(d.toString(), "stdout");
        });
        const kill = () => {
          if (child.pid) {
            try {
              process.kill(-child.pid, "SIGKILL");
            } catch {
              // already gone
            }
          }
        };
        ctx.signal.addEventListener("abort", kill, { once: true });
        child.on("close", (code, signal) => {
          ctx.signal.removeEventListener("abort", kill);
          resolve({ content: `exit ${code ?? signal}\n${out}`, isError: code !== 0 });
        });
      });
    },
  });
}

/**
 * True while a live (not zombie) process is in process group `pgid`. Zombies are ignored: in a container
 * the orphaned children of a killed group may never be reaped, yet they run nothing.
 */
export function groupAlive(pgid: number): boolean {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue;
    }
    // Fields after the command name (which may contain spaces): state ppid pgrp ...
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) === pgid && fields[0] !== "Z") return true;
  }
  return false;
}
