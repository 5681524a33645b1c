/**
 * `!command` in the real app with a real agent (the model is a scripted in-memory client): the output shows in
 * the transcript and rides in front of the next message to the model; during a turn it goes as a steer; Esc
 * stops a running command; `!` alone shows the usage.
 */
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { groupAlive } from "../../src/tools/process-group.ts";
import { sleepyReadTool } from "../core/test-tools.ts";
import { type AppHarness, startApp } from "./support/app-harness.ts";

let h: AppHarness | undefined;
let cwd: string | undefined;
afterEach(() => {
  h?.dispose();
  h = undefined;
  if (cwd) rmSync(cwd, { recursive: true, force: true });
  cwd = undefined;
});
const tempCwd = () => {
  cwd = realpathSync(mkdtempSync(join(tmpdir(), "tandem-bang-app-")));
  return cwd;
};
const messagesOf = (request: { messages: unknown } | undefined) => JSON.stringify(request?.messages ?? null);

it("shows the output and gives it to the model with the next message", async () => {
  const folder = tempCwd();
  h = startApp([{ text: "It printed hi." }], { cwd: folder });
  h.input("!echo hi from $(pwd)\r");
  await h.waitForText("exit 0 · ");
  const lines = h.term.lines();
  expect(lines).toContain("! echo hi from $(pwd)");
  expect(lines).toContain(`hi from ${folder}`);
  expect(lines.some((l) => l.includes("your next message carries this output"))).toBe(true);
  // Nothing went to the model yet.
  expect(h.client.requests.length).toBe(0);

  h.input("what did it print?\r");
  await h.waitForText("It printed hi.");
  const sent = messagesOf(h.client.requests[0]);
  expect(sent).toContain("I ran `echo hi from $(pwd)` in my terminal (exit 0):");
  expect(sent).toContain(`hi from ${folder}`);
  expect(sent).toContain("what did it print?");
  // The transcript shows what the user typed, not the block.
  expect(h.term.lines()).toContain("› what did it print?");
  await h.exit();
});

it("sends the output as a steer while a turn runs", async () => {
  tempCwd();
  h = startApp(
    [
      { toolCalls: [{ name: "peek", arguments: { label: "slow", ms: 2_500 } }] },
      { text: "Saw your command." },
    ],
    { cwd, tools: [sleepyReadTool([])] },
  );
  h.input("look slowly\r");
  await h.waitForText("… peek");
  h.input("!echo steered-output\r");
  await h.waitForText("output sent to the agent (as a steer)");
  await h.waitForText("Saw your command.");
  const second = messagesOf(h.client.requests[1]);
  expect(second).toContain("I ran `echo steered-output` in my terminal (exit 0):");
  expect(second).toContain("steered-output\\n");
  await h.exit();
});

it("Esc or Ctrl+C stops a running command; ! alone shows the usage", async () => {
  tempCwd();
  h = startApp([], { cwd });
  h.input("!\r");
  await h.waitForText("!COMMAND runs COMMAND yourself");
  h.input("!echo started; sleep 30\r");
  await h.waitForText("Esc to stop");
  await h.waitForText("  started");
  const began = Date.now();
  h.input("\x1b");
  await h.waitForText("stopped by you · ");
  expect(Date.now() - began).toBeLessThan(5_000);
  // Ctrl+C stops it too, and does not count towards exiting.
  h.input("!sleep 31\r");
  await h.waitForText("! sleep 31 (");
  h.input("\x03");
  await h.until(
    () => h?.term.lines().filter((l) => l.startsWith("stopped by you · ")).length === 2,
    "the second command to stop",
  );
  expect(h.term.lines().some((l) => l.includes("press Ctrl+C again to exit"))).toBe(false);
  await h.exit();
});

it("exiting the app stops a running command and its whole process group", async () => {
  tempCwd();
  h = startApp([], { cwd });
  h.input("!echo pid=$$; sleep 30 & sleep 31\r");
  await h.until(() => h?.term.lines().some((l) => /pid=\d+/.test(l)) ?? false, "the pid");
  const line = h.term.lines().find((l) => /pid=\d+/.test(l)) ?? "";
  const pid = Number(/pid=(\d+)/.exec(line)?.[1]);
  expect(groupAlive(pid)).toBe(true);
  // Ctrl+D (not Ctrl+C, which would stop the command first and not count towards exiting).
  h.input("\x04");
  await h.app.done;
  await h.agent.done;
  await h.until(() => !groupAlive(pid), "the command's process group to end");
});
