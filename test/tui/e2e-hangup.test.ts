/**
 * End to end: closing the terminal while a sandboxed command runs. As a terminal window closing does: the pty is
 * hung up (tmux kill-server; every later write to it fails with EIO) and the shell passes the SIGHUP it got on
 * to tandem (an interactive shell resends it to its jobs; the kernel signals only the session leader). The UI
 * ends as a signal should, without writing to the dead terminal: the turn is interrupted and saved, the
 * session is closed (its file ends with `session_finished`), no process of the session is left (tandem, the
 * command, bubblewrap, git), the sandbox's empty `.git` placeholder is gone from the workspace, and tandem exits
 * 129 (128 + SIGHUP). SIGTERM the same, with 143, the terminal restored and the resume command printed.
 */
import { readdir, readFile, readlink } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { exists } from "../../src/util/exists.ts";
import { type E2E, registerE2E } from "./support/e2e.ts";

const e2e = registerE2E();

/**
 * Pids of this user's processes that work in `root` or name it on their command line: not the tmux server's, nor
 * the pane's shell (`except`), which outlives tandem to write its exit status.
 */
async function processesUnder(root: string, except?: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of await readdir("/proc")) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid || pid === except) continue;
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => "");
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if ((await readFile(`/proc/${pid}/comm`, "utf8").catch(() => "")).startsWith("tmux")) continue;
    if (cwd.startsWith(root) || cmdline.includes(root)) found.push(`${pid}: ${cmdline.replace(/\0/g, " ")}`);
  }
  return found;
}

/** The pid of `parent`'s child process. */
async function childOf(parent: string): Promise<number> {
  for (const pid of await readdir("/proc")) {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
    // pid (comm) state ppid …: comm may hold spaces, so split after its closing parenthesis.
    if (stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1] === parent) return Number(pid);
  }
  throw new Error(`no child of ${parent}`);
}

async function until<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The UI in auto mode with the model's `sleep 45` running in the sandbox; tandem's pid. */
async function whileCommandRuns() {
  const setup = await e2e.workspace();
  setup.server.enqueue({
    kind: "reply",
    toolCalls: [{ name: "shell", arguments: { command: "sleep 45" } }],
  });
  const exitCodeFile = join(setup.ws.root, "exit-code");
  const e = await e2e.start(setup, ["--mode", "auto"], { exitCodeFile });
  await e.ui.type("wait for it");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => s.includes("sleep 45"), 20_000, "the running command");
  // The command runs in the sandbox, which mounts an empty `.git` in the folder that had none: the test can fail.
  await until(
    async () => ((await exists(join(e.ws.cwd, ".git"))) ? true : undefined),
    10_000,
    "the sandbox's placeholder",
  );
  expect((await processesUnder(e.ws.root)).length).toBeGreaterThan(0);
  // The pane runs the shell (which ignores SIGHUP, to write tandem's exit status); tandem is its child.
  const shell = await e.ui.format("#{pane_pid}");
  const tandem = await childOf(shell);
  const exited = () =>
    until(
      async () => (await readFile(exitCodeFile, "utf8").catch(() => "")).trim() || undefined,
      30_000,
      "tandem to exit",
    );
  return { e, tandem, shell, exited };
}

/** The session was saved with the turn interrupted, and closed; nothing of it runs; the workspace is as it was. */
async function expectClosedCleanly(e: E2E, shell: string): Promise<void> {
  expect(await processesUnder(e.ws.root, shell)).toEqual([]);
  expect(await readdir(e.ws.cwd)).toEqual([]);
  const sessions = join(e.ws.home, "sessions");
  const [file] = (await readdir(sessions)).filter((f) => f.endsWith(".jsonl"));
  const lines = (await readFile(join(sessions, file ?? ""), "utf8"))
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as { type: string; events?: { type: string; status?: string }[] });
  const events = lines.flatMap((l) => (l.type === "events" ? (l.events ?? []) : []));
  expect(JSON.stringify(lines)).toContain("wait for it");
  expect(events.find((ev) => ev.type === "turn_finished")).toMatchObject({ status: "interrupted" });
  expect(events.at(-1)?.type).toBe("session_finished");
}

it("closing the terminal mid-command saves the turn, closes the session, leaves nothing running", {
  timeout: 90_000,
}, async () => {
  const { e, tandem, shell, exited } = await whileCommandRuns();
  await e.ui.kill();
  process.kill(tandem, "SIGHUP");
  expect(await exited()).toBe("129");
  await expectClosedCleanly(e, shell);
});

it("SIGTERM mid-command does the same, restores the terminal and says how to resume", {
  timeout: 90_000,
}, async () => {
  const { e, tandem, shell, exited } = await whileCommandRuns();
  process.kill(tandem, "SIGTERM");
  expect(await exited()).toBe("143");
  await expectClosedCleanly(e, shell);
  expect(await e.ui.capture(200)).toContain("To continue this session, run tandem resume");
});
