/**
 * Issue #11, start-up: the command analyser (tree-sitter-bash) loads once the session's first model request is
 * sent, so the first tool call finds it ready; nothing of it runs while `tandem exec` is still starting. The
 * interactive UI, whose first request waits for the user to type, loads it shortly after start instead.
 * This file is its own process (vitest isolates files), so the parser module starts unloaded here.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { type AgentSession, createAgentSession } from "../../src/app/agent-session.ts";
// The modules the gate loads, imported (so compiled) before the test: a gate that loaded early would be seen
// loaded well within the wait below, not still compiling them.
import "../../src/safety/analysis/index.ts";
import "../../src/safety/gate.ts";
import "../../src/safety/journal.ts";
import "../../src/safety/policy-table.ts";
import { parseBash } from "../../src/safety/analysis/parser.ts";
import { checkpointStoreDir } from "../../src/safety/checkpoints/index.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import { baseEnv, createWorkspace, fakeProviderConfig, type Workspace } from "../support/run-tandem.ts";

let server: FakeModelServer;
let ws: Workspace | undefined;
beforeAll(async () => {
  server = await startFakeModel();
});
afterAll(() => server.close());
afterEach(async () => {
  await ws?.cleanup();
  ws = undefined;
});

const parserLoaded = () => {
  try {
    parseBash("true").delete();
    return true;
  } catch {
    return false;
  }
};

async function waitFor(test: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!test() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
  return test();
}

async function open(interactive: boolean): Promise<AgentSession> {
  ws = await createWorkspace({ config: fakeProviderConfig("openai-chat", server.baseUrl("openai-chat")) });
  return createAgentSession({
    env: baseEnv({ TANDEM_HOME: ws.home, FAKE_API_KEY: "k" }),
    cwd: ws.cwd,
    interactive,
  });
}

async function shutdown(session: AgentSession) {
  session.agent.submit({ type: "shutdown" });
  await session.agent.done;
}

it("exec's session loads the analyser when its first request is sent, not during start-up", async () => {
  const session = await open(false);
  // Far longer than the old fixed 100 ms delay plus the load itself: nothing starts without a request.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  expect(parserLoaded()).toBe(false);

  // The reply waits, as a model thinks: the analyser is ready before the answer comes.
  server.enqueue({ kind: "reply", text: "ok", delayMs: 5000 });
  session.agent.submit({ type: "user_input", text: "hi" });
  expect(await waitFor(() => server.requests.length > 0, 10_000)).toBe(true);
  expect(await waitFor(parserLoaded, 5000)).toBe(true);
  expect(server.requests.filter((r) => r.respondedAt).length).toBe(0);
  await shutdown(session);
});

it("the interactive session loads the gate while the user types, before any request", async () => {
  const before = server.requests.length;
  const session = await open(true);
  // The parser is loaded already (the test above); the gate's other start, the checkpoint store's first
  // record, shows this session's load.
  const ready = join(checkpointStoreDir(ws?.home ?? "", ws?.cwd ?? ""), "git", "tandem-ready");
  expect(await waitFor(() => existsSync(ready), 10_000)).toBe(true);
  expect(server.requests.length).toBe(before);
  await shutdown(session);
});
