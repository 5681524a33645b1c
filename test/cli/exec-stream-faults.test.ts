/**
 * Faults that used to end in silence, through `tandem exec` against the fake model server: a garbled stream,
 * a server that never answers, an answer cut at the output limit, an HTML page instead of the API. The user
 * sees what happened on stderr, and an error is never exit 0.
 */
import { afterEach, describe, expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { fakeProviderConfig, parseEvents, runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();
// A timed-out attempt may end before the server took its step; the next test must not get it.
afterEach(() => cli.server.clear());

describe("tandem exec: stream faults are not silent", () => {
  it("a malformed event mid-answer fails the run (exit 1) and says what was wrong", async () => {
    const ws = await cli.workspace();
    cli.server.enqueue({ kind: "reply", chunks: ["one ", "two ", "three"], garbleEvent: 3 });
    const r = await runTandem(["exec", "hi"], { cwd: ws.cwd, env: ws.env });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("one two ");
    expect(r.stdout).not.toContain("three");
    expect(r.stderr).toMatch(/error: fake \(.*\) sent a malformed stream event: the data is not JSON: "\{/);
    expect(r.stderr).toContain("failed (protocol)");
  });

  it("a server that never answers: retries shown with the reason, then an error, exit 1", async () => {
    const protocol = "anthropic-messages";
    const ws = await cli.workspace({
      protocol,
      config: fakeProviderConfig(
        protocol,
        cli.server.baseUrl(protocol),
        "[timeouts]\nfirst_byte_seconds = 1\n[retry]\nmax_retries = 1",
      ),
    });
    cli.server.enqueue({ kind: "hang" }, { kind: "hang" });
    const r = await runTandem(["exec", "hi"], { cwd: ws.cwd, env: ws.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/retrying in .* \(attempt 1\): no response from fake \(http:.*\) in 1 s/);
    expect(r.stderr).toMatch(/error: no response from fake .* \(failed after 1 retry\)/);
    expect(r.stderr).toContain("failed (timeout)");
  });

  it("a provider's own [providers.x.timeouts] wins over [timeouts]", async () => {
    const protocol = "openai-chat";
    const ws = await cli.workspace({
      config: fakeProviderConfig(
        protocol,
        cli.server.baseUrl(protocol),
        "[timeouts]\nfirst_byte_seconds = 120\n[retry]\nmax_retries = 0\n[providers.fake.timeouts]\nfirst_byte_seconds = 1",
      ),
    });
    cli.server.enqueue({ kind: "hang" });
    const started = Date.now();
    const r = await runTandem(["exec", "hi"], { cwd: ws.cwd, env: ws.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no response from fake \(http:.*\) in 1 s/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("--json: the same as retry events with the reason and a fatal error event", async () => {
    const protocol = "openai-chat";
    const ws = await cli.workspace({
      config: fakeProviderConfig(
        protocol,
        cli.server.baseUrl(protocol),
        "[timeouts]\nfirst_byte_seconds = 1\n[retry]\nmax_retries = 1",
      ),
    });
    cli.server.enqueue({ kind: "reply", text: "x", stallAfterEvents: 0 }, { kind: "hang" });
    const r = await runTandem(["exec", "--json", "hi"], { cwd: ws.cwd, env: ws.env });
    expect(r.code).toBe(1);
    const events = parseEvents(r.stdout);
    expect(events.find((e) => e.type === "retry")).toMatchObject({ attempt: 1 });
    expect(String(events.find((e) => e.type === "retry")?.reason)).toContain("in 1 s");
    expect(events.find((e) => e.type === "error")).toMatchObject({ code: "timeout", fatal: true });
  });

  it("an answer cut at the output limit is reported and continued; the run succeeds", async () => {
    const ws = await cli.workspace({ protocol: "google-gemini" });
    cli.server.enqueue(
      { kind: "reply", text: "The first half", stopReason: "length" },
      { kind: "reply", text: " and the rest." },
    );
    const r = await runTandem(["exec", "hi"], { cwd: ws.cwd, env: ws.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("The first half");
    expect(r.stdout).toContain(" and the rest.");
    expect(r.stderr).toContain(
      "warning: the answer was cut at the model's output limit (4096 tokens); asking the model to continue (1 of 3)",
    );
  });

  it("an HTML page instead of the API says so and names base_url, exit 1", async () => {
    const ws = await cli.workspace({ protocol: "openai-responses" });
    cli.server.enqueue({
      kind: "page",
      html: "<html><head><title>Sign in to Guest Wi-Fi</title></head><body></body></html>",
    });
    const r = await runTandem(["exec", "hi"], { cwd: ws.cwd, env: ws.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'answered with an HTML page (titled "Sign in to Guest Wi-Fi"), not an event stream: check base_url',
    );
    expect(r.stderr).not.toContain("retrying");
  });
});
