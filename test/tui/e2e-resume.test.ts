/**
 * End to end: `tandem resume last` reopens the last session and shows its history as the live view showed it
 * (durations, the diff of a write, the plan, the token totals so far), then continues it without sending those extras to the model.
 */
import { expect, it } from "vitest";
import { runTandem } from "../support/run-tandem.ts";
import { bodyText, registerE2E } from "./support/e2e.ts";

const e2e = registerE2E();

it("shows the resumed session's history and continues it", { timeout: 60_000 }, async () => {
  const setup = await e2e.workspace();
  setup.server.enqueue(
    { kind: "reply", toolCalls: [{ name: "ls", arguments: {} }] },
    {
      kind: "reply",
      toolCalls: [{ name: "write", arguments: { path: "notes.txt", content: "hello notes\n" } }],
    },
    {
      kind: "reply",
      toolCalls: [
        { name: "todo", arguments: { items: [{ content: "Write the notes", status: "completed" }] } },
      ],
    },
    { kind: "reply", text: "The folder is empty." },
  );
  const r = await runTandem(["exec", "what is in here?"], { cwd: setup.ws.cwd, env: setup.env });
  expect(r.code).toBe(0);

  setup.server.enqueue({ kind: "reply", text: "Still empty." });
  const e = await e2e.start(setup, ["resume", "last"]);
  const screen = await e.ui.waitFor((s) => s.includes("The folder is empty."), 15_000, "the history");
  expect(screen).toContain("› what is in here?");
  expect(screen).toMatch(/^✓ ls \((\d+ms|\d+(\.\d)?s)\)$/m);
  expect(screen).toMatch(/^✓ write notes\.txt \((\d+ms|\d+(\.\d)?s)\)$/m);
  expect(screen).toMatch(/^ +1 \+hello notes$/m);
  expect(screen).toContain("Plan 1/1 done");
  // The session's totals so far (4 requests of 100 in / 20 out) show before any new request.
  expect(screen).toMatch(/· 400 in \/ 80 out · \$/);
  const first = e.server.requests.length;
  await e.ui.type("and now?");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => s.includes("Still empty."), 20_000, "the answer");
  const body = bodyText(e, first);
  expect(body).toContain("what is in here?");
  expect(body).toContain("hello notes");
  for (const extra of ["duration_ms", "details_dropped", '"ui":', "@@ -0,0 +1,1 @@"])
    expect(body).not.toContain(extra);
});
