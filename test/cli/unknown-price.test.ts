/**
 * Regression (issue #10): a model with no price in the catalog showed "$0" in exec's summary, as if free. Its
 * cost is unknown: the human summary says so, the JSON events mark the cost `unpriced`, and the UI's status
 * line says "cost unknown" (test/tui/unknown-price-status.test.ts). A priced model still shows dollars.
 */
import { describe, expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { fakeProviderConfig, parseEvents, runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();

/** The `fake` provider with a catalog entry that has no prices. */
function unpricedConfig(): string {
  return [
    'model = "fake/free-or-not"',
    "[providers.fake]",
    'protocol = "openai-chat"',
    `base_url = "${cli.server.baseUrl("openai-chat")}"`,
    'api_key_env = "FAKE_API_KEY"',
    "[[models]]",
    'id = "fake/free-or-not"',
    "context_window = 100000",
    "max_output = 4096",
  ].join("\n");
}

describe("an unknown price is shown as unknown, not $0", () => {
  it("exec's summary says cost unknown", async () => {
    const ws = await cli.workspace({ config: unpricedConfig() });
    cli.server.enqueue({ kind: "reply", text: "hello" });
    const r = await runTandem(["exec", "hi"], { cwd: ws.cwd, env: ws.env });
    expect(r.code).toBe(0);
    const summary = r.stderr.split("\n").find((l) => l.startsWith("done · ")) ?? "";
    expect(summary).toMatch(/^done · 1 step · .* in .* out · cost unknown · /);
    expect(summary).not.toContain("$0");
  });

  it("the JSON events mark the cost unpriced", async () => {
    const ws = await cli.workspace({ config: unpricedConfig() });
    cli.server.enqueue({ kind: "reply", text: "hello" });
    const r = await runTandem(["exec", "--json", "hi"], { cwd: ws.cwd, env: ws.env });
    expect(r.code).toBe(0);
    const events = parseEvents(r.stdout);
    const usage = events.find((e) => e.type === "usage");
    expect(usage?.cost).toMatchObject({ total: 0, unpriced: true });
    expect(usage?.session_cost).toMatchObject({ total: 0, unpriced: true });
    expect(events.find((e) => e.type === "session_finished")?.cost).toMatchObject({ unpriced: true });
  });

  it("a priced model still shows dollars and no unpriced mark", async () => {
    const ws = await cli.workspace({
      config: fakeProviderConfig("openai-chat", cli.server.baseUrl("openai-chat")),
    });
    cli.server.enqueue({ kind: "reply", text: "hello" });
    cli.server.enqueue({ kind: "reply", text: "hello again" });
    const r = await runTandem(["exec", "--json", "hi"], { cwd: ws.cwd, env: ws.env });
    const usage = parseEvents(r.stdout).find((e) => e.type === "usage");
    expect(usage?.session_cost).not.toHaveProperty("unpriced");
    const human = await runTandem(["exec", "hi"], { cwd: ws.cwd, env: ws.env });
    expect(human.stderr).toMatch(/ · \$[0-9.]+ · /);
    expect(human.stderr).not.toContain("unknown");
  });
});
