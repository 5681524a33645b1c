/**
 * Regression (issue #10): `echo LOG | tandem exec "explain this log"` ignored the piped text; the model never
 * saw the log. Piped text is now added to the prompt in a <stdin> block, capped with a warning; `exec -` and
 * a bare `exec` with stdin piped still read the prompt itself from stdin.
 */
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { cliEntry, runTandem, startTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();

/** The user message text of the request at `index`. */
function sentPrompt(index: number): string {
  return JSON.stringify(cli.server.requests[index]?.body);
}

describe("text piped into tandem exec", () => {
  it("is added to the prompt", async () => {
    const ws = await cli.workspace();
    const before = cli.server.requests.length;
    cli.server.enqueue({ kind: "reply", text: "it is a timeout" });
    const r = await runTandem(["exec", "explain this log"], {
      cwd: ws.cwd,
      env: ws.env,
      stdin: "ERROR connection timed out after 30s\n",
    });
    expect(r.code).toBe(0);
    const sent = sentPrompt(before);
    expect(sent).toContain("explain this log\\n\\n<stdin>\\nERROR connection timed out after 30s\\n</stdin>");
    expect(r.stderr).not.toContain("warning");
  });

  it("is cut at 100,000 characters, and tandem says so", async () => {
    const ws = await cli.workspace();
    const before = cli.server.requests.length;
    cli.server.enqueue({ kind: "reply", text: "ok" });
    const r = await runTandem(["exec", "summarize"], {
      cwd: ws.cwd,
      env: ws.env,
      stdin: `${"a".repeat(99_997)}MARKER${"b".repeat(200_000)}TAIL`,
    });
    expect(r.code).toBe(0);
    const sent = sentPrompt(before);
    expect(sent).toContain("aaaaMAR");
    expect(sent).not.toContain("MARKER");
    expect(sent).not.toContain("TAIL");
    expect(sent).toContain("[stdin was cut: only its first 100,000 characters are shown]");
    expect(r.stderr).toContain("warning: the piped input is over 100,000 characters");
  });

  it("from a file (< file) is read whole", async () => {
    const ws = await cli.workspace();
    const file = join(ws.root, "build.log");
    await writeFile(file, "line one\nline two\n");
    const before = cli.server.requests.length;
    cli.server.enqueue({ kind: "reply", text: "ok" });
    const fd = openSync(file, "r");
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [cliEntry, "exec", "what broke"], {
        cwd: ws.cwd,
        env: ws.env,
        stdio: [fd, "ignore", "ignore"],
      });
      child.on("close", resolve);
    });
    closeSync(fd);
    expect(code).toBe(0);
    expect(sentPrompt(before)).toContain("what broke\\n\\n<stdin>\\nline one\\nline two\\n</stdin>");
  });

  // That it is not even opened (no stream created before the first request) is checked on the bundle, where
  // built-ins come without their ES facades: test/cli/bundle.test.ts.
  it("from /dev/null (a parent that ignores tandem's stdin) is nothing: the prompt as given", async () => {
    const ws = await cli.workspace();
    const before = cli.server.requests.length;
    cli.server.enqueue({ kind: "reply", text: "ok" });
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [cliEntry, ...args], {
          cwd: ws.cwd,
          env: ws.env,
          stdio: ["ignore", "ignore", "pipe"],
        });
        let stderr = "";
        child.stderr?.setEncoding("utf8").on("data", (d: string) => {
          stderr += d;
        });
        child.on("close", (code) => resolve({ code, stderr }));
      });
    const r = await run(["exec", "what broke"]);
    expect(r.code, r.stderr).toBe(0);
    expect(sentPrompt(before)).toContain("what broke");
    expect(sentPrompt(before)).not.toContain("<stdin>");
    // No prompt and nothing on stdin: the same usage error as an empty pipe's.
    const empty = await run(["exec"]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("the prompt is empty");
  });

  it("with no prompt argument, stdin is the prompt (as with -)", async () => {
    const ws = await cli.workspace();
    const before = cli.server.requests.length;
    cli.server.enqueue({ kind: "reply", text: "ok" });
    const r = await runTandem(["exec"], { cwd: ws.cwd, env: ws.env, stdin: "the prompt itself\n" });
    expect(r.code).toBe(0);
    expect(sentPrompt(before)).toContain("the prompt itself");
    expect(sentPrompt(before)).not.toContain("<stdin>");
  });

  it("a stdin left open with nothing on it does not hang exec", async () => {
    const ws = await cli.workspace();
    cli.server.enqueue({ kind: "reply", text: "went ahead" });
    // The pipe stays open and silent, as when a parent process never closes it.
    const { child, result } = startTandem(["exec", "hi"], {
      cwd: ws.cwd,
      env: ws.env,
      keepStdinOpen: true,
      timeoutMs: 30_000,
    });
    const r = await result;
    child.stdin?.destroy();
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("went ahead\n");
    expect(r.stderr).toContain("nothing arrived on it in 5 s: going on without it");
  }, 40_000);
});
