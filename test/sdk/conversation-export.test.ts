/**
 * The events→conversation reducer (src/conversation/, docs/conversation.md) is part of the library: a session's
 * events, read through `subscribe` and reduced with the exported functions, give the transcript a front end
 * shows (the user's message, the tool call, the answer).
 */
import { expect, it } from "vitest";
import { type Conversation, createConversation, createSession, reduceConversation } from "../../src/index.ts";
import { registerCliE2E } from "../support/cli-e2e.ts";

const cli = registerCliE2E();

it("reduces a session's events into its transcript", async () => {
  const ws = await cli.workspace();
  const session = await createSession({ cwd: ws.cwd, env: ws.env, storage: "memory" });
  cli.server.enqueue(
    { kind: "reply", toolCalls: [{ name: "ls", arguments: {} }] },
    { kind: "reply", text: "The folder is empty." },
  );
  let state: Conversation = reduceConversation(createConversation({ cwd: ws.cwd }), {
    type: "user_message",
    text: "what is here?",
  });
  const events = session.subscribe();
  const reading = (async () => {
    for await (const event of events) state = reduceConversation(state, event);
  })();
  await session.run("what is here?");
  await session.close();
  await reading;
  expect(state.entries.map((e) => e.kind)).toEqual(["user", "tool", "assistant"]);
  expect(state.entries.at(-1)).toEqual({ kind: "assistant", text: "The folder is empty." });
  expect(state.turn_running).toBe(false);
  expect(state.finished).toBe(true);
});
