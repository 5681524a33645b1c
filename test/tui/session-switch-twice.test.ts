/**
 * /new typed twice before the first switch is done opens one new session, not two (the first one opened was
 * left running, never shut down); the second is refused with a notice. The real app and real agents.
 */
import { afterEach, expect, it } from "vitest";
import { createConversation } from "../../src/conversation/reduce.ts";
import { type Agent, createAgent } from "../../src/core/agent.ts";
import { createScriptedClient, testModel } from "../support/scripted-client.ts";
import { type AppHarness, startApp } from "./support/app-harness.ts";

let h: AppHarness | undefined;
afterEach(() => h?.dispose());

it("refuses a second /new while the first is still opening", async () => {
  const opened: Agent[] = [];
  h = startApp([], {}, undefined, undefined, {
    openSession: async () => {
      await new Promise((r) => setTimeout(r, 300));
      const agent = createAgent({
        cwd: process.cwd(),
        model: "test/model-a",
        resolveModel: () => ({ model: testModel(), client: createScriptedClient([{ text: "New here." }]) }),
        tools: [],
        systemPrompt: () => "test",
        interactive: true,
      });
      opened.push(agent);
      return {
        agent,
        model: "test/model-a",
        cwd: process.cwd(),
        conversation: createConversation(),
        warnings: [],
      };
    },
  });
  h.input("/new\r");
  h.input("/new\r");
  await h.waitForText("already switching sessions");
  await h.waitForText("new session");
  await new Promise((r) => setTimeout(r, 400));
  expect(opened).toHaveLength(1);
  h.input("hi\r");
  await h.waitForText("New here.");
  h.input("\x03\x03");
  await h.app.done;
  await Promise.all(opened.map((a) => a.done));
});
