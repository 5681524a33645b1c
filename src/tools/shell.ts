/**
 * The shell tool: runs `bash -c <command>` in the workspace, in its own process group, with stdin closed and
 * secrets scrubbed from the environment. Output streams to the UI as it comes; the model gets it capped (head
 * and tail) with the full text saved to a file it can `read`. Timeout or interrupt kills the whole group.
 */

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { defineTool, type Tool } from "../core/tool.ts";
import type { CapOptions } from "../core/truncate.ts";
import { messageOf } from "../util/message-of.ts";
import { z } from "../util/zod.ts";
import { scrubEnv } from "./env-scrub.ts";
import { releaseWhenReady } from "./held-start.ts";
import { JSON_SCHEMAS } from "./json-schemas.ts";
import { drain, terminateGroup } from "./process-group.ts";
import { createOutputCollector } from "./shell-output.ts";

export const DEFAULT_TIMEOUT_MS = 120_000;
export const MAX_TIMEOUT_MS = 600_000;
/** The descriptor a held command waits on (the first after stdin, stdout and stderr). */
const HOLD_FD = 3;

/** A rewritten command line plus a check to run once it has ended (the sandbox's `prepare`). */
export interface WrappedCommand {
  argv: string[];
  /** Called after the command's processes are gone; its notes are appended to the result. */
  finish?(): string[];
  /** Set when the command waits for one byte on this descriptor before it starts (see held-start.ts). */
  heldOn?: number;
}

export interface ShellToolOptions {
  /**
   * Rewrites the argv before spawning, e.g. into a bubblewrap command line. Given `["bash", "-c", command]`
   * (or `["bash", "-lc", command]` with `loginShell`) and the working directory. Default: identity.
   */
  wrap?: (
    argv: string[],
    cwd: string,
    hold?: { holdFd?: number; callId?: string },
  ) => string[] | WrappedCommand;
  /** Run bash as a login shell (`-l`: sources the user's profile). Default false: faster, more predictable. */
  loginShell?: boolean;
  /**
   * Base environment before scrubbing. Default `process.env`. Read once, at the tool's first command: every
   * command of the session starts from that environment (a later change to it is not seen).
   */
  baseEnv?: NodeJS.ProcessEnv;
  /** The configured key variables, withheld with every copy of their values (see env-scrub.ts). Default none. */
  keyNames?: readonly string[];
  /**
   * Applied after secrets are scrubbed, so they win: a variable set here is passed even if its name looks like a
   * secret (the user chose to), and `undefined` removes one. Default none.
   */
  env?: Record<string, string | undefined>;
  /** Used when the model gives no `timeout_ms`. Default 120_000. */
  defaultTimeoutMs?: number;
  /** The most the model may ask for; larger requests are clamped (and the model is told). Default 600_000. */
  maxTimeoutMs?: number;
  /** Between SIGTERM and SIGKILL when killing the group. Default 2_000. */
  killGraceMs?: number;
  /** Where full outputs of truncated calls are saved. Default: a per-process temp dir (`tandem-shell-*`). */
  outputDir?: string;
  /** Caps for what the model sees. Default capText's (30 KB, 1,000 lines). */
  cap?: CapOptions;
  /** Output kept in memory before spilling to the full-output file. Default 4 MiB. */
  memoryLimit?: number;
}

/** The shell tool's `details` (snake_case, like every key on the wire). */
export interface ShellDetails {
  exit_code: number | null;
  signal: NodeJS.Signals | null;
  duration_ms: number;
  timed_out: boolean;
  aborted: boolean;
  truncated: boolean;
  /** Where the whole output was saved, when the model's copy was cut. */
  full_output_path?: string;
}

const parameters = z.object({
  command: z.string().check(z.minLength(1), z.describe("Bash command line")),
  timeout_ms: z.optional(z.int().check(z.positive())).check(z.describe("Default 120000, max 600000")),
  /** Read by the safety gate (src/safety/gate.ts) when a refused destructive command is re-issued. */
  justification: z.optional(z.string()).check(z.describe("Why, if re-issuing a refused destructive command")),
});

let processOutputDir: string | undefined;
/** Created on first need; removed when the process exits (the files matter only to this session). */
function defaultOutputDir(): string {
  if (!processOutputDir) {
    const dir = mkdtempSync(join(tmpdir(), "tandem-shell-"));
    processOutputDir = dir;
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  }
  return processOutputDir;
}

export function createShellTool(
  options: ShellToolOptions = {},
): Tool<z.infer<typeof parameters>, ShellDetails> {
  const maxTimeout = options.maxTimeoutMs ?? MAX_TIMEOUT_MS;
  const defaultTimeout = Math.min(options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS, maxTimeout);
  const graceMs = options.killGraceMs ?? 2_000;
  // Scrubbed once per tool, i.e. per session: copying process.env and testing every variable for a secret cost
  // ~0.5 ms per command (process.env is read from the C environment entry by entry). Its options never change.
  let commandEnv: Readonly<Record<string, string>> | undefined;
  const envForCommands = () => {
    commandEnv ??= Object.freeze(
      scrubEnv(options.baseEnv ?? process.env, options.env, { keyNames: options.keyNames ?? [] }),
    );
    return commandEnv;
  };

  return defineTool({
    name: "shell",
    description: "Run a bash command in the workspace; stdin is closed, output is capped.",
    parameters,
    jsonSchema: JSON_SCHEMAS.shell,
    kind: "execute",
    // Every command runs through `wrap` (the session's OS sandbox), so the gate may count on its containment.
    sandboxed: true,
    command: (args) => args.command,
    guidelines:
      "shell has no stdin or terminal: never start interactive programs or pagers (use --no-pager, -y). " +
      "Long output is cut in the middle; the full text is saved to a file you can read.",
    startsEarly: true,
    summarize: (args) => args.command,
    async execute(args, ctx) {
      const started = Date.now();
      const notes: string[] = [];
      let timeoutMs = args.timeout_ms ?? defaultTimeout;
      if (timeoutMs > maxTimeout) {
        notes.push(`timeout_ms ${timeoutMs} is above the maximum; used ${maxTimeout}.`);
        timeoutMs = maxTimeout;
      }
      const base: ShellDetails = {
        exit_code: null,
        signal: null,
        duration_ms: 0,
        timed_out: false,
        aborted: false,
        truncated: false,
      };
      if (ctx.signal.aborted) {
        return {
          content: "Not run: the turn was interrupted.",
          isError: true,
          details: { ...base, aborted: true },
        };
      }
      try {
        if (!statSync(ctx.cwd).isDirectory()) throw new Error("not a directory");
      } catch {
        return {
          content: `Not run: working directory ${ctx.cwd} does not exist.`,
          isError: true,
          details: base,
        };
      }

      const bashArgv = ["bash", options.loginShell ? "-lc" : "-c", args.command];
      let argv: string[];
      let finish: (() => string[]) | undefined;
      let heldOn: number | undefined;
      try {
        // While the harness still prepares the call (ctx.ready), the sandbox is built and holds the command.
        // The call's id: the gate may have put this command on an overlay of the workspace (the sandbox's prepare).
        const hold = ctx.ready ? { holdFd: HOLD_FD, callId: ctx.callId } : { callId: ctx.callId };
        const wrapped = options.wrap ? options.wrap(bashArgv, ctx.cwd, hold) : bashArgv;
        argv = Array.isArray(wrapped) ? wrapped : wrapped.argv;
        if (!Array.isArray(wrapped)) {
          finish = wrapped.finish;
          heldOn = wrapped.heldOn === HOLD_FD ? HOLD_FD : undefined;
        }
      } catch (error) {
        return { content: `Not run: ${messageOf(error)}`, isError: true, details: base };
      }
      const [file, ...rest] = argv;
      if (!file)
        return {
          content: "Not run: the sandbox produced an empty command line.",
          isError: true,
          details: base,
        };

      const outputDir = options.outputDir ?? defaultOutputDir();
      const safeId = ctx.callId.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64) || "call";
      const collector = createOutputCollector({
        fullOutputPath: join(outputDir, `${safeId}-${started}.log`),
        cap: options.cap,
        memoryLimit: options.memoryLimit,
      });

      // Nothing that cannot hold the command starts before the harness is ready.
      if (ctx.ready && heldOn === undefined) {
        try {
          await ctx.ready;
        } catch {
          finish?.(); // nothing ran; the sandbox forgets the placeholders it recorded for the command
          // The runner answers with why preparing failed.
          return { content: "Not run: the call could not be prepared.", isError: true, details: base };
        }
      }
      const child = spawn(file, rest, {
        cwd: ctx.cwd,
        env: envForCommands(),
        detached: true,
        stdio: heldOn === undefined ? ["ignore", "pipe", "pipe"] : ["ignore", "pipe", "pipe", "pipe"],
      });
      const { stdout, stderr } = child;
      if (!stdout || !stderr) throw new Error("the shell's output pipes are missing (bug)");
      const outcome = new Promise<
        { ok: true; code: number | null; signal: NodeJS.Signals | null } | { ok: false; error: Error }
      >((resolve) => {
        child.once("error", (error) => resolve({ ok: false, error }));
        child.once("exit", (code, signal) => resolve({ ok: true, code, signal }));
      });

      const take = (stream: "stdout" | "stderr") => {
        const decoder = new StringDecoder("utf8");
        const source = stream === "stdout" ? stdout : stderr;
        source.on("data", (data: Buffer) => {
          const text = decoder.write(data);
          if (text === "") return;
          if (!collector.push(text)) {
            // The full-output file is behind: stop reading, so the command waits on its pipe, not our memory.
            source.pause();
            collector.drained().then(() => source.resume());
          }
          ctx.onOutput?.(text, stream);
        });
        source.on("end", () => {
          const rest = decoder.end();
          if (rest) {
            collector.push(rest);
            ctx.onOutput?.(rest, stream);
          }
        });
      };
      take("stdout");
      take("stderr");
      if (heldOn !== undefined && ctx.ready) {
        const held = await releaseWhenReady(child, heldOn, ctx.ready, ctx.signal);
        if (!held.started && held.why !== "exited") {
          await drain(stdout, stderr, child.pid);
          finish?.(); // the held sandbox made its mount points: they go with it
          const aborted = held.why === "aborted";
          const why = aborted ? "the turn was interrupted" : "the call could not be prepared";
          return { content: `Not run: ${why}.`, isError: true, details: { ...base, aborted } };
        }
      }

      let timedOut = false;
      let aborted = false;
      let killing: Promise<NodeJS.Signals | undefined> | undefined;
      const kill = () => {
        if (child.pid !== undefined) killing ??= terminateGroup(child.pid, graceMs);
      };
      const timer = setTimeout(() => {
        timedOut = true;
        kill();
      }, timeoutMs);
      const onAbort = () => {
        aborted = true;
        kill();
      };
      ctx.signal.addEventListener("abort", onAbort, { once: true });

      const ended = await outcome;
      clearTimeout(timer);
      ctx.signal.removeEventListener("abort", onAbort);
      if (killing) await killing;
      await drain(stdout, stderr, child.pid);
      // Before anything else runs git here (the gate's checkpoint comes after this tool returns).
      const settled = finish?.() ?? [];

      const output = await collector.finish();
      const durationMs = Date.now() - started;
      if (!ended.ok) {
        return {
          content: `Could not start ${file}: ${ended.error.message}`,
          isError: true,
          details: { ...base, duration_ms: durationMs },
        };
      }

      const details: ShellDetails = {
        exit_code: ended.code,
        signal: ended.signal,
        duration_ms: durationMs,
        timed_out: timedOut,
        aborted,
        truncated: output.truncated,
        full_output_path: output.fullOutputPath,
      };
      const lines = [output.text === "" ? "(no output)" : output.text.replace(/\n$/, "")];
      if (timedOut)
        lines.push(`[timed out after ${formatMs(timeoutMs)}; the command and its children were killed]`);
      else if (aborted) lines.push("[interrupted by the user; the command and its children were killed]");
      else if (ended.signal) lines.push(`[killed by ${ended.signal}]`);
      else lines.push(`[exit code ${ended.code}]`);
      if (output.fullOutputPath) {
        lines.push(
          `[full output (${output.totalBytes} bytes) saved to ${output.fullOutputPath}; read it with offset/limit]`,
        );
      }
      if (output.saveError) lines.push(`[the full output could not be saved: ${output.saveError}]`);
      for (const note of notes) lines.push(`[${note}]`);
      lines.push(...settled);
      return {
        content: lines.join("\n"),
        isError: timedOut || aborted || ended.code !== 0,
        details,
      };
    },
  });
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
