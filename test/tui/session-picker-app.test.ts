/**
 * The session picker in the real app: real sessions saved by real agents in a temp folder, `/resume` with no
 * id lists them, typing filters, Enter switches to the chosen one exactly as `/resume ID` does (its history is
 * shown and the next message continues it); with no saved sessions it says so. The model is a scripted client.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { resumedConversation } from "../../src/conversation/transcript.ts";
import { type AgentOptions, createAgent } from "../../src/core/agent.ts";
import { sessionPath } from "../../src/core/session/format.ts";
import { listSessions } from "../../src/core/session/list.ts";
import { readSession } from "../../src/core/session/reader.ts";
import type { OpenedSession } from "../../src/tui/app.ts";
import { createScriptedClient, type ScriptStep, testModel } from "../support/scripted-client.ts";
import { type AppHarness, startApp } from "./support/app-harness.ts";

let h: AppHarness | undefined;
const dirs: string[] = [];
afterEach(() => {
  h?.dispose();
  h = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const agentFor = (dir: string, script: ScriptStep[], resume?: string) => {
  const client = createScriptedClient(script);
  const options: AgentOptions = {
    cwd: process.cwd(),
    model: "test/model-a",
    resolveModel: () => ({ model: testModel(), client }),
    tools: [],
    systemPrompt: () => "test",
    interactive: true,
    session: { dir, ...(resume ? { resume } : {}) },
  };
  return { agent: createAgent(options), client };
};

/** Saves one session with one exchange; returns its id. */
async function saveSession(dir: string, message: string, answer: string): Promise<string> {
  const { agent } = agentFor(dir, [{ text: answer }]);
  agent.submit({ type: "user_input", text: message });
  for await (const event of agent.subscribe()) {
    if (event.type === "turn_finished") agent.submit({ type: "shutdown" });
  }
  await agent.done;
  return agent.sessionId;
}

it("/resume lists the saved sessions, filters as you type, and Enter switches to the chosen one", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tandem-picker-sessions-"));
  dirs.push(dir);
  const alpha = await saveSession(dir, "alpha: rename the module", "Renamed.");
  // The picker orders by last activity (milliseconds): keep the two apart in time.
  await new Promise((r) => setTimeout(r, 20));
  const beta = await saveSession(dir, "beta: fix the flaky test", "Fixed it.");
  const resumed: { client?: ReturnType<typeof createScriptedClient> } = {};

  h = startApp([], {}, { cols: 110, rows: 30 }, undefined, {
    listSessions: () => listSessions(dir),
    async openSession(id): Promise<OpenedSession> {
      if (!id) throw new Error("this test only resumes");
      const opened = agentFor(dir, [{ text: "Continuing alpha." }], id);
      resumed.client = opened.client;
      const loaded = await readSession(sessionPath(dir, id));
      return {
        agent: opened.agent,
        model: "test/model-a",
        cwd: process.cwd(),
        conversation: resumedConversation(loaded.history, { model: "test/model-a", cwd: process.cwd() }),
        warnings: [],
      };
    },
  });
  h.input("/resume\r");
  await h.waitForText("Resume a session");
  await h.waitForText(`${beta}`);
  expect(h.term.lines().some((l) => l.includes(`› ${beta}`) && l.includes("beta: fix the flaky test"))).toBe(
    true,
  );
  expect(h.term.lines().some((l) => l.includes(alpha) && l.includes("alpha: rename the module"))).toBe(true);

  // Typing goes to the filter, not the composer; only alpha matches "renam".
  h.input("renam");
  await h.waitForText("filter: renam");
  await h.until(() => !h?.term.lines().some((l) => l.includes(beta)), "beta to be filtered out");
  expect(h.term.lines().some((l) => l.includes(`› ${alpha}`))).toBe(true);

  h.input("\r");
  await h.waitForText(`resumed session ${alpha}`);
  await h.waitForText("Renamed.");
  expect(h.term.lines()).toContain("› alpha: rename the module");
  expect(h.term.lines().some((l) => l.includes("Resume a session"))).toBe(false);

  h.input("go on\r");
  await h.waitForText("Continuing alpha.");
  const sent = JSON.stringify(resumed.client?.requests[0]?.messages ?? null);
  expect(sent).toContain("alpha: rename the module");
  expect(sent).toContain("go on");
  expect(sent).not.toContain("beta: fix the flaky test");
  await h.exit();
});

it("Esc closes the picker and keys go back to the composer; with no sessions it says so", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tandem-picker-sessions-"));
  dirs.push(dir);
  await saveSession(dir, "gamma: a saved one", "Ok.");
  let listed = await listSessions(dir);
  h = startApp([], {}, undefined, undefined, { listSessions: async () => listed });
  h.input("/resume\r");
  await h.waitForText("gamma: a saved one");
  h.input("\x1b");
  await h.until(() => !h?.term.lines().some((l) => l.includes("Resume a session")), "the picker to close");
  h.input("typed after");
  await h.waitForText("› typed after");

  h.input("\x15");
  listed = [];
  h.input("/resume\r");
  await h.waitForText("no saved sessions to resume");
  await h.exit();
});

it("opens at start with pickSession, and says when there is nothing to pick", async () => {
  h = startApp([], {}, undefined, undefined, { listSessions: async () => [], pickSession: true });
  await h.waitForText("no saved sessions to resume: this is a new session");
  await h.exit();
});
