/**
 * `!` output belongs to the session it was typed in: output still waiting for the next message is dropped
 * with a notice at /new, and a command still running at /new keeps running and stays in view, and when it
 * ends its output is shown but not handed to the new session. Real processes, the real app, real agents with
 * scripted models.
 */
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { createConversation } from "../../src/conversation/reduce.ts";
import { createAgent } from "../../src/core/agent.ts";
import { createScriptedClient, testModel } from "../support/scripted-client.ts";
import { type AppHarness, startApp } from "./support/app-harness.ts";

let h: AppHarness | undefined;
let cwd: string | undefined;
afterEach(() => {
  h?.dispose();
  h = undefined;
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

/** The app in a temp folder whose /new opens an agent answering "Fresh start." (its client records requests). */
function startWithNextSession() {
  cwd = realpathSync(mkdtempSync(join(tmpdir(), "tandem-bang-switch-")));
  const folder = cwd;
  const next = createScriptedClient([{ text: "Fresh start." }]);
  const nextAgent = createAgent({
    cwd: folder,
    model: "test/model-a",
    resolveModel: () => ({ model: testModel(), client: next }),
    tools: [],
    systemPrompt: () => "test",
    interactive: true,
  });
  h = startApp([], { cwd: folder }, undefined, undefined, {
    openSession: async () => ({
      agent: nextAgent,
      model: "test/model-a",
      cwd: folder,
      conversation: createConversation(),
      warnings: [],
    }),
  });
  return { app: h, next, nextAgent };
}

/** Sends a message to the new session and checks the model got it without the old session's output. */
async function expectFreshRequest(app: AppHarness, next: ReturnType<typeof createScriptedClient>) {
  app.input("hello\r");
  await app.waitForText("Fresh start.");
  const sent = JSON.stringify(next.requests[0]?.messages ?? null);
  expect(sent).toContain("hello");
  expect(sent).not.toContain("old-session-output");
}

it("drops output still waiting for the next message at /new, with a notice", async () => {
  const { app, next, nextAgent } = startWithNextSession();
  app.input("!echo old-session-output\r");
  await app.waitForText("exit 0 · ");
  app.input("/new\r");
  await app.waitForText("was not sent: it belonged to the last session");
  await expectFreshRequest(app, next);
  app.input("\x03\x03");
  await app.app.done;
  await nextAgent.done;
});

it("does not hand a command that was running at /new to the new session", async () => {
  const { app, next, nextAgent } = startWithNextSession();
  app.input("!sleep 1.5; echo old-session-output\r");
  await app.waitForText("! sleep 1.5; echo old-session-output (");
  app.input("/new\r");
  await app.waitForText("new session");
  // Still running, and still shown as running in the new session's live part.
  await app.waitForText("was not sent: it belonged to the last session");
  expect(app.term.screen().some((l) => l.startsWith("! sleep 1.5; echo old-session-output ("))).toBe(true);
  await app.waitForText("exit 0 · ");
  expect(app.term.lines()).toContain("old-session-output");
  await expectFreshRequest(app, next);
  app.input("\x03\x03");
  await app.app.done;
  await nextAgent.done;
});
