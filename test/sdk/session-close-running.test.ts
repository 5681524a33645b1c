/**
 * `close()` while a turn runs: the running command's process is killed (it never finishes its work), the
 * pending `run` resolves as interrupted, subscriptions end, and close resolves once all of it is over.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { createSession } from "../../src/index.ts";
import { registerCliE2E } from "../support/cli-e2e.ts";

const cli = registerCliE2E();

it("kills the running command, ends the run as interrupted and the subscriptions", async () => {
  const ws = await cli.workspace();
  const session = await createSession({ cwd: ws.cwd, env: ws.env, storage: "memory" });
  cli.server.enqueue({
    kind: "reply",
    toolCalls: [{ name: "shell", arguments: { command: "echo started; sleep 5; touch finished" } }],
  });
  const events = session.subscribe();
  const seen: string[] = [];
  const reading = (async () => {
    for await (const event of events) {
      seen.push(event.type);
      if (event.type === "tool_output_delta") void session.close();
    }
  })();
  const result = await session.run("go");
  await session.close();
  await reading;
  expect(result.status).toBe("interrupted");
  expect(seen).toContain("tool_output_delta");
  expect(seen.at(-1)).toBe("session_finished");
  // Past the command's own end: had it survived the close, the file would be there by now.
  await new Promise((resolve) => setTimeout(resolve, 6000));
  expect(existsSync(join(ws.cwd, "finished"))).toBe(false);
  await expect(session.run("again")).rejects.toMatchObject({ code: "closed" });
});
