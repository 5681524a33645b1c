/**
 * Regression (issue 11, "not done"): `tandem exec --json` printed configuration warnings before
 * `session_started` as bare `notice` objects, without `seq`, `session_id` or `agent_id`. They are now the
 * session's own `notice` events right after `session_started`: every line is an enveloped event, one stream,
 * seq 1, 2, 3, … without a gap. The human output still prints them as warnings.
 */
import { describe, expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { parseEvents, runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();

// An unknown model on a known provider (a model warning) and piped input over the cap (exec's own warning).
const args = ["exec", "--model", "fake/not-in-catalog", "summarize"];
const piped = "x".repeat(100_010);

describe("tandem exec --json with warnings", () => {
  it("prints every warning as an enveloped notice after session_started, seq without gaps", async () => {
    const ws = await cli.workspace();
    cli.server.enqueue({ kind: "reply", text: "ok" });
    const r = await runTandem([...args.slice(0, 1), "--json", ...args.slice(1)], {
      cwd: ws.cwd,
      env: ws.env,
      stdin: piped,
    });
    expect(r.code).toBe(0);
    const events = parseEvents(r.stdout);
    expect(events[0]?.type).toBe("session_started");
    const sessionId = events[0]?.session_id;
    expect(sessionId).toMatch(/^\d{8}T\d{6}-[0-9a-f]{4}$/);
    events.forEach((event, i) => {
      expect(event).toMatchObject({ seq: i + 1, session_id: sessionId, agent_id: "main" });
    });
    const notices = events.filter((e) => e.type === "notice").map((e) => e.message);
    expect(notices).toEqual([
      expect.stringContaining('model "fake/not-in-catalog" is not in the catalog'),
      expect.stringContaining("the piped input is over 100,000 characters"),
    ]);
    // Both right after session_started, before the turn.
    expect(events.slice(1, 3).map((e) => e.type)).toEqual(["notice", "notice"]);
    expect(events[3]?.type).toBe("turn_started");
  });

  it("still prints them as warnings in the human output", async () => {
    const ws = await cli.workspace();
    cli.server.enqueue({ kind: "reply", text: "ok" });
    const r = await runTandem(args, { cwd: ws.cwd, env: ws.env, stdin: piped });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: model "fake/not-in-catalog" is not in the catalog');
    expect(r.stderr).toContain("warning: the piped input is over 100,000 characters");
    expect(r.stdout).toBe("ok\n");
  });
});
