/** SIGINT ends the turn cleanly (exit 130, command killed, session saved); a saved session resumes. */
import { appendFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { parseEvents, runTandem, startTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("tandem exec interrupt and resume", () => {
  // SIGHUP is a closed terminal (or a dropped ssh connection): taken as SIGINT and SIGTERM are. Without a handler
  // node dies of it at once: no `session_finished`, the command's process group left to the kernel. A closing
  // terminal can deliver it twice (the kernel, then the shell): the second must not cut the shutdown.
  it.each([
    { signal: "SIGINT", times: 1, code: 130 },
    { signal: "SIGHUP", times: 2, code: 129 },
  ] as const)(
    "$signal during a running command kills it, ends the turn interrupted, saves and closes the session and exits $code",
    async ({ signal, times, code }) => {
      const ws = await cli.workspace();
      const pidFile = join(ws.cwd, "sleep.pid");
      cli.server.enqueue({
        kind: "reply",
        toolCalls: [{ name: "shell", arguments: { command: `sleep 60 & echo $! > ${pidFile}; wait` } }],
      });
      // Unsandboxed: the test checks the command's pid from outside, and the sandbox has its own pid namespace.
      const { child, result } = startTandem(["exec", "--json", "--sandbox", "full-access", "wait a minute"], {
        cwd: ws.cwd,
        env: ws.env,
      });
      await until(async () => (await readFile(pidFile, "utf8").catch(() => "")).trim().length > 0);
      const sleepPid = Number((await readFile(pidFile, "utf8")).trim());
      expect(alive(sleepPid)).toBe(true);
      for (let i = 0; i < times; i++) child.kill(signal);
      const r = await result;
      expect(r.code, r.stderr).toBe(code);
      await until(() => !alive(sleepPid), 5000);

      const events = parseEvents(r.stdout);
      expect(events.find((e) => e.type === "tool_call_finished")).toMatchObject({ status: "interrupted" });
      expect(events.find((e) => e.type === "turn_finished")).toMatchObject({ status: "interrupted" });
      expect(events.at(-1)?.type).toBe("session_finished");
      const id = String(events[0]?.session_id);
      const saved = await readFile(join(ws.home, "sessions", `${id}.jsonl`), "utf8");
      expect(saved).toContain("wait a minute");
      expect(saved).toContain("interrupted");
      expect(saved).toContain('"type":"session_finished"');
    },
  );

  it("resumes the last session with its history, also after a crash cut its last line", async () => {
    const ws = await cli.workspace({ protocol: "anthropic-messages" });
    const { env } = ws;
    cli.server.enqueue({ kind: "reply", text: "The secret word is PAPAYA." });
    const first = await runTandem(["exec", "--json", "remember a word"], { cwd: ws.cwd, env });
    expect(first.code).toBe(0);
    const id = String(parseEvents(first.stdout)[0]?.session_id);

    // A crash mid-write leaves half a line at the end of the file.
    await appendFile(join(ws.home, "sessions", `${id}.jsonl`), '{"type":"message","id":"x","parent_id":');

    const listed = await runTandem(["sessions"], { cwd: ws.cwd, env });
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).toContain("remember a word");

    const before = cli.server.requests.length;
    cli.server.enqueue({ kind: "reply", text: "It was PAPAYA." });
    const second = await runTandem(["exec", "--json", "--resume", "last", "what was the word?"], {
      cwd: ws.cwd,
      env,
    });
    expect(second.code).toBe(0);
    const events = parseEvents(second.stdout);
    expect(events[0]).toMatchObject({ type: "session_started", session_id: id, resumed: true });
    const body = JSON.stringify(cli.server.requests[before]?.body);
    expect(body).toContain("remember a word");
    expect(body).toContain("PAPAYA");
    expect(body).toContain("what was the word?");
  });

  it("refuses to resume a session that does not exist", async () => {
    const ws = await cli.workspace();
    const r = await runTandem(["exec", "--resume", "20990101T000000-zzzz", "hi"], {
      cwd: ws.cwd,
      env: ws.env,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("tandem sessions");
  });

  it("stops at --max-turns (the old name of --max-steps) with exit 1", async () => {
    const ws = await cli.workspace({ protocol: "openai-responses" });
    cli.server.enqueue(
      { kind: "reply", toolCalls: [{ name: "ls", arguments: {} }] },
      { kind: "reply", toolCalls: [{ name: "ls", arguments: {} }] },
    );
    const r = await runTandem(["exec", "--json", "--max-turns", "2", "loop"], { cwd: ws.cwd, env: ws.env });
    expect(r.code).toBe(1);
    expect(parseEvents(r.stdout).find((e) => e.type === "turn_finished")).toMatchObject({
      status: "failed",
      reason: "max_steps",
    });
  });
});
