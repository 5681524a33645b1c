/**
 * Regression (issue #9, item 14): `tandem policy check … | head` died with an EPIPE stack trace. Every
 * subcommand must exit quietly when the reader of its stdout goes away, and `exec` must still save the turn
 * to the session file. Each case closes the read end of a real pipe before or while tandem writes.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { type RunResult, startTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();

/** 128 + SIGPIPE, as a shell reports a filter cut off by its reader. */
const OUTPUT_CLOSED_EXIT = 141;

/** Runs tandem with its stdout's reader closed at once: its first write hits a closed pipe. */
async function withClosedStdout(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  const { child, result } = startTandem(args, { cwd, env });
  child.stdout?.destroy();
  return result;
}

function expectQuiet(r: RunResult): void {
  expect(r.stderr).not.toMatch(/internal error|EPIPE|\n\s+at /);
  expect(r.signal).toBeNull();
}

describe("every subcommand exits quietly when its stdout closes", () => {
  const cases: [string, string[]][] = [
    ["policy check", ["policy", "check", "rm -rf src"]],
    ["policy check --json", ["policy", "check", "--json", "git status"]],
    ["models", ["models"]],
    ["models --json", ["models", "--json"]],
    ["sessions", ["sessions"]],
    ["checkpoints list", ["checkpoints", "list"]],
    ["--help", ["--help"]],
    ["exec --help", ["exec", "--help"]],
    ["config", ["config"]],
  ];
  for (const [name, args] of cases) {
    it(name, async () => {
      const ws = await cli.workspace();
      const r = await withClosedStdout(args, ws.cwd, ws.env);
      expectQuiet(r);
      expect(r.code).toBe(OUTPUT_CLOSED_EXIT);
    });
  }

  it("undo (its report is the output that finds no reader)", async () => {
    const ws = await cli.workspace();
    const r = await withClosedStdout(["undo"], ws.cwd, ws.env);
    expectQuiet(r);
    expect(r.code).toBe(OUTPUT_CLOSED_EXIT);
  });

  it("sandbox: the command gets SIGPIPE like any filter, tandem says nothing", async () => {
    const ws = await cli.workspace();
    const r = await withClosedStdout(["sandbox", "--", "sh", "-c", "yes | head -c 10000000"], ws.cwd, ws.env);
    expectQuiet(r);
    expect(r.code).not.toBe(0);
  });

  it("exec --json: the turn ends, is saved to the session file, no stack trace", async () => {
    const ws = await cli.workspace();
    // A long, paced answer: still streaming when the reader leaves.
    const chunks = Array.from({ length: 400 }, (_, i) => `word${i} `);
    cli.server.enqueue({ kind: "reply", chunks, tokensPerSecond: 100 });
    const { child, result } = startTandem(["exec", "--json", "tell me a long story"], {
      cwd: ws.cwd,
      env: ws.env,
    });
    let first = "";
    await new Promise<void>((resolve) => {
      child.stdout?.on("data", (d: Buffer) => {
        first += d.toString("utf8");
        if (first.includes("message_delta")) {
          child.stdout?.destroy();
          resolve();
        }
      });
    });
    const r = await result;
    expectQuiet(r);
    expect(r.code).toBe(OUTPUT_CLOSED_EXIT);
    const id = String((JSON.parse(first.split("\n")[0] as string) as { session_id: string }).session_id);
    const saved = await readFile(join(ws.home, "sessions", `${id}.jsonl`), "utf8");
    expect(saved).toContain("tell me a long story");
    expect(saved).toContain("word0");
    expect(saved).toContain("interrupted");
    // Cut short: the whole answer would take 4 s at this pace.
    expect(saved).not.toContain("word399");
  });

  it("exec (human output) behaves the same", async () => {
    const ws = await cli.workspace();
    const chunks = Array.from({ length: 400 }, (_, i) => `word${i} `);
    cli.server.enqueue({ kind: "reply", chunks, tokensPerSecond: 100 });
    const { child, result } = startTandem(["exec", "tell me a long story"], { cwd: ws.cwd, env: ws.env });
    await new Promise<void>((resolve) => {
      child.stdout?.once("data", () => {
        child.stdout?.destroy();
        resolve();
      });
    });
    const r = await result;
    expectQuiet(r);
    expect(r.code).toBe(OUTPUT_CLOSED_EXIT);
  });
});
