/**
 * End to end: leaving the UI prints, below the restored terminal's transcript, the command that resumes the
 * session (as Codex and Claude Code do), and that command, run as printed, reopens it. A session that recorded
 * nothing has nothing to resume and prints nothing.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { registerE2E } from "./support/e2e.ts";
import type { TmuxTandem } from "./support/tmux.ts";

const e2e = registerE2E();

async function quit(ui: TmuxTandem): Promise<string> {
  await ui.keys(["C-c"]);
  await ui.waitFor((s) => s.includes("press Ctrl+C again to exit"), 10_000, "the exit hint");
  await ui.keys(["C-c"]);
  const until = Date.now() + 15_000;
  while (!(await ui.exited())) {
    if (Date.now() > until) throw new Error(`tandem did not exit:\n${await ui.capture()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return ui.capture(200);
}

it("prints the resume command on exit, and that command reopens the session", {
  timeout: 90_000,
}, async () => {
  const setup = await e2e.workspace();
  setup.server.enqueue({ kind: "reply", text: "Remember this answer." });
  const e = await e2e.start(setup);
  await e.ui.type("remember me");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => s.includes("Remember this answer."), 20_000, "the answer");
  const screen = await quit(e.ui);

  const files = (await readdir(join(setup.ws.home, "sessions"))).filter((f) => f.endsWith(".jsonl"));
  const id = (files[0] as string).replace(/\.jsonl$/, "");
  const printed = /To continue this session, run (tandem .*)$/m.exec(screen)?.[1]?.trim();
  expect(printed).toBe(`tandem resume ${id}`);
  // Below the transcript, after the terminal was restored.
  expect(screen.indexOf("To continue")).toBeGreaterThan(screen.indexOf("Remember this answer."));

  const again = await e2e.start(setup, (printed as string).split(" ").slice(1));
  await again.ui.waitFor((s) => s.includes("Remember this answer."), 15_000, "the resumed history");
});

it("prints no resume command for a session that recorded nothing", { timeout: 60_000 }, async () => {
  const setup = await e2e.workspace();
  const e = await e2e.start(setup);
  const screen = await quit(e.ui);
  expect(screen).not.toContain("To continue this session");
});
