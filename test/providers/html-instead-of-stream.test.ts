/**
 * A 200 with an HTML page where an event stream was asked for (a captive portal, a base URL pointing at a
 * website) says so, with the page's title and what to check, on every protocol, without retrying. It used to
 * end as an empty answer or a retried "closed the stream" error that never said why.
 */
import { afterEach, describe, expect, it } from "vitest";
import { withRetry } from "../../src/providers/retry.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import { collect, last, testRequest } from "./client-support.ts";
import { clientFor, protocols } from "./stream-fault-clients.ts";

let server: FakeModelServer | undefined;
afterEach(() => server?.close());

const portal = `<!DOCTYPE html>
<html><head><title>
  Hotel Wi-Fi — Sign in
</title></head><body><form action="/login">…</form></body></html>`;

describe.each(protocols)("%s: an HTML page instead of a stream", (protocol) => {
  it("is a protocol error naming the page and base_url, not retried", async () => {
    server = await startFakeModel();
    server.enqueue({ kind: "page", html: portal });
    const client = withRetry(clientFor(server, protocol), { sleep: async () => {} });
    const events = await collect(client.stream(testRequest()));
    const end = last(events);
    if (end.type !== "error") throw new Error(`expected an error, got ${JSON.stringify(end)}`);
    expect(end.error).toMatchObject({ kind: "protocol", retryable: false });
    expect(end.error.message).toContain(
      'answered with an HTML page (titled "Hotel Wi-Fi — Sign in"), not an event stream: check base_url',
    );
    expect(end.error.message).toContain("captive portal");
    expect(events.some((e) => e.type === "retry")).toBe(false);
    expect(server.requests).toHaveLength(1);
  });
});
