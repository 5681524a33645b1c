/** End to end: /help, /status, /sessions and /new (a fresh session with its own id and file). */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { registerE2E } from "./support/e2e.ts";

const e2e = registerE2E();

it("lists commands, shows status and sessions, and starts a new session", { timeout: 60_000 }, async () => {
  const setup = await e2e.workspace();
  setup.server.enqueue({ kind: "reply", text: "First session answer." });
  const e = await e2e.start(setup);
  await e.ui.type("/help");
  await e.ui.keys(["Enter"]);
  let screen = await e.ui.waitFor((s) => s.includes("/model provider/model"), 10_000, "the help");
  expect(screen).toMatch(/\/mode \/undo \/checkpoints \/diff \/resume +not yet/);

  await e.ui.type("hello");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => s.includes("First session answer."), 20_000, "the answer");
  await e.ui.type("/status");
  await e.ui.keys(["Enter"]);
  screen = await e.ui.waitFor((s) => /^session \S+$/m.test(s), 10_000, "the status");
  const firstId = /^session (\S+)$/m.exec(screen)?.[1];
  expect(screen).toContain(`folder ${e.ws.cwd}`);

  await e.ui.type("/new");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => s.includes("new session"), 15_000, "the new session");
  await e.ui.type("/status");
  await e.ui.keys(["Enter"]);
  screen = await e.ui.waitFor(
    (s) => [...s.matchAll(/^session (\S+)$/gm)].some((m) => m[1] !== firstId && m[1] !== "(not"),
    10_000,
    "the new session's status",
  );

  await e.ui.type("/sessions");
  await e.ui.keys(["Enter"]);
  screen = await e.ui.waitFor((s) => s.includes("reopen one with: tandem resume ID"), 10_000, "the list");
  expect(screen).toContain(`${firstId}`);
  const files = await readdir(join(e.ws.home, "sessions"));
  expect(files).toContain(`${firstId}.jsonl`);
});
