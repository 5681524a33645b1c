/**
 * The agent's `notices` (warnings from setting the session up): `notice` events right after `session_started`,
 * before the session file's own; when start fails, before its `error`. So the stream alone carries them, each
 * with the envelope (`tandem exec --json`: test/cli/exec-json-warnings.test.ts).
 */
import { describe, expect, it } from "vitest";
import { startAgent } from "./harness.ts";

const notices = ["config: unknown key ignored", 'model "x" is not in the catalog'];

describe("start-up notices", () => {
  it("follow session_started, in order, enveloped", async () => {
    const h = startAgent({ notices });
    const events = await h.finish();
    expect(events.map((e) => e.type)).toEqual(["session_started", "notice", "notice", "session_finished"]);
    expect(events.slice(1, 3)).toEqual(
      notices.map((message, i) => ({
        type: "notice",
        level: "warning",
        message,
        seq: i + 2,
        session_id: h.agent.sessionId,
        agent_id: "main",
      })),
    );
  });

  it("come before the error when the session cannot start", async () => {
    const h = startAgent({ notices, model: "nowhere/none" });
    const events = await h.finish();
    expect(events.map((e) => e.type)).toEqual(["notice", "notice", "error", "session_finished"]);
    expect(events[2]).toMatchObject({ code: "session_start", fatal: true });
  });
});
