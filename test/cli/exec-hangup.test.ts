/**
 * `tandem exec` takes SIGHUP (its terminal closed, an ssh connection dropped) as it takes SIGINT and SIGTERM: the
 * running command is killed, the turn ends interrupted and is saved, the session is closed, and tandem exits 129
 * (128 + SIGHUP), the code a shell reports for a program the hang-up ended. Without a handler node dies of it at
 * once: no `session_finished`, the command's process group left to the kernel.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { parseEvents, startTandem } from "../support/run-tandem.ts";

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

describe("tandem exec and SIGHUP", () => {
  it("ends the turn, saves and closes the session, kills the command and exits 129", async () => {
    const ws = await cli.workspace();
    const pidFile = join(ws.cwd, "sleep.pid");
    cli.server.enqueue({
      kind: "reply",
      toolCalls: [{ name: "shell", arguments: { command: `sleep 60 & echo $! > ${pidFile}; wait` } }],
    });
    // Unsandboxed: the test checks the command's pid from outside, and the sandbox has its own pid namespace.
    const { child, result } = startTandem(["exec", "--json", "--sandbox", "full-access", "hang on"], {
      cwd: ws.cwd,
      env: ws.env,
    });
    await until(async () => (await readFile(pidFile, "utf8").catch(() => "")).trim().length > 0);
    const sleepPid = Number((await readFile(pidFile, "utf8")).trim());
    child.kill("SIGHUP");
    // A closing terminal can deliver it twice (the kernel, then the shell): the second must not cut the shutdown.
    child.kill("SIGHUP");
    const r = await result;
    expect(r.code, r.stderr).toBe(129);
    await until(() => !alive(sleepPid), 5000);

    const events = parseEvents(r.stdout);
    expect(events.find((e) => e.type === "turn_finished")).toMatchObject({ status: "interrupted" });
    expect(events.at(-1)?.type).toBe("session_finished");
    const id = String(events[0]?.session_id);
    const saved = await readFile(join(ws.home, "sessions", `${id}.jsonl`), "utf8");
    expect(saved).toContain("hang on");
    expect(saved).toContain('"type":"session_finished"');
  });
});
