/**
 * `session.close()` releases everything a session started: a process that creates, uses and closes 100
 * sessions one after another ends with the heap and the active handles (timers, sockets, child processes) it
 * had after the first few. Measured in a child Node with --expose-gc so the figures are this process's alone.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { libraryUrl, runScript } from "./run-script.ts";

const cli = registerCliE2E();

const WARM_UP = 10;
const SESSIONS = 100;
/** Every this many sessions, the turn runs a shell command: sandbox, gate, checkpoints and a child process. */
const SHELL_EVERY = 10;
/**
 * What the heap may grow by over the 100 sessions, after GC: 3 MB, i.e. 30 kB a session. One session held
 * (agent, tools, model registry, history) is more than that, so a single retained session per iteration fails.
 */
const HEAP_BOUND = 3 * 1024 * 1024;
/** Active resources may differ by this many (a keep-alive socket of the HTTP client's pool). */
const HANDLE_BOUND = 2;

const probe = (sessions: number, warmUp: number, shellEvery: number) => `
import { createSession } from ${JSON.stringify(libraryUrl)};
const settle = async () => {
  for (let i = 0; i < 4; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 50)); }
};
const measure = async () => {
  await settle();
  return { heap: process.memoryUsage().heapUsed, resources: process.getActiveResourcesInfo() };
};
let before;
for (let i = 0; i < ${warmUp + sessions}; i++) {
  if (i === ${warmUp}) before = await measure();
  const session = await createSession({ cwd: process.cwd(), storage: { dir: "sessions" } });
  const result = await session.run(i % ${shellEvery} === 0 ? "shell" : "text");
  if (result.status !== "done") throw new Error("turn " + i + " " + result.status);
  await session.close();
}
const after = await measure();
console.log(JSON.stringify({ before, after }));
`;

it("creating and closing 100 sessions one after another does not grow the heap or the handles", async () => {
  const ws = await cli.workspace();
  for (let i = 0; i < WARM_UP + SESSIONS; i++) {
    if (i % SHELL_EVERY === 0)
      cli.server.enqueue({
        kind: "reply",
        toolCalls: [{ name: "shell", arguments: { command: "echo hi" } }],
      });
    cli.server.enqueue({ kind: "reply", text: `answer ${i}` });
  }
  const script = join(ws.root, "probe.ts");
  await writeFile(script, probe(SESSIONS, WARM_UP, SHELL_EVERY));
  const r = await runScript(script, [], {
    cwd: ws.cwd,
    env: ws.env,
    nodeArgs: ["--expose-gc"],
    timeoutMs: 170_000,
  });
  expect(r.code, r.stderr).toBe(0);
  const { before, after } = JSON.parse(r.stdout) as Record<
    "before" | "after",
    { heap: number; resources: string[] }
  >;
  console.log(
    `heap ${(before.heap / 1e6).toFixed(1)} → ${(after.heap / 1e6).toFixed(1)} MB; resources`,
    before.resources,
    "→",
    after.resources,
  );
  expect(after.heap - before.heap).toBeLessThan(HEAP_BOUND);
  expect(after.resources.length).toBeLessThanOrEqual(before.resources.length + HANDLE_BOUND);
  expect(after.resources.filter((r) => r === "ProcessWrap")).toEqual([]);
  expect(cli.server.pending()).toBe(0);
}, 180_000);
