/** End to end: /help, /status, /sessions, /new (a fresh session with its own id and file) and /resume ID. */
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
  let screen = await e.ui.waitFor((s) => s.includes("/model [provider/model]"), 10_000, "the help");
  expect(screen).toMatch(/^\/undo \[--overwrite\] +reverse the last step/m);
  expect(screen).not.toContain("not yet");

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
  // The notice's own line: /help's "start a new session" is on screen already and must not count.
  await e.ui.waitFor((s) => /^new session$/m.test(s), 15_000, "the new session");
  await e.ui.type("/status");
  await e.ui.keys(["Enter"]);
  screen = await e.ui.waitFor(
    (s) => [...s.matchAll(/^session (\S+)$/gm)].some((m) => m[1] !== firstId && m[1] !== "(not"),
    10_000,
    "the new session's status",
  );

  await e.ui.type("/sessions");
  await e.ui.keys(["Enter"]);
  screen = await e.ui.waitFor((s) => s.includes("reopen one with /resume ID"), 10_000, "the list");
  expect(screen).toContain(`${firstId}`);
  const files = await readdir(join(e.ws.home, "sessions"));
  expect(files).toContain(`${firstId}.jsonl`);

  // An unknown id leaves the current session working; a known one switches and shows its history again.
  await e.ui.type("/resume no-such-session");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => s.includes('no session "no-such-session"'), 10_000, "the error");
  await e.ui.type(`/resume ${firstId}`);
  await e.ui.keys(["Enter"]);
  screen = await e.ui.waitFor((s) => s.includes(`resumed session ${firstId}`), 15_000, "the resumed session");
  expect(screen.split("\n").filter((l) => l === "First session answer.").length).toBe(2);
  await e.ui.type("/status");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor(
    (s) =>
      [...s.matchAll(/^session (\S+)$/gm)].length === 3 &&
      [...s.matchAll(/^session (\S+)$/gm)].at(-1)?.[1] === firstId,
    10_000,
    "the resumed session's status",
  );
});
