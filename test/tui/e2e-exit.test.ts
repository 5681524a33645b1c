/** End to end: Ctrl+C twice exits; the session was shut down and saved, and the transcript stays on screen. */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { exitUi, registerE2E } from "./support/e2e.ts";

const e2e = registerE2E();

it("exits on a double Ctrl+C and leaves the session file", { timeout: 60_000 }, async () => {
  const setup = await e2e.workspace();
  setup.server.enqueue({ kind: "reply", text: "Remember this answer." });
  const e = await e2e.start(setup);
  await e.ui.type("remember me");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => s.includes("Remember this answer."), 20_000, "the answer");
  await exitUi(e);
  // The transcript stays in the terminal after exit.
  expect(await e.ui.capture(200)).toContain("Remember this answer.");
  const files = (await readdir(join(e.ws.home, "sessions"))).filter((f) => f.endsWith(".jsonl"));
  expect(files).toHaveLength(1);
  const saved = await readFile(join(e.ws.home, "sessions", files[0] as string), "utf8");
  expect(saved).toContain("remember me");
  expect(saved).toContain("Remember this answer.");
});
