/**
 * A 200 with an HTML page where an event stream was asked for (a captive portal, a base URL pointing at a
 * website) says so, with the page's title and what to check, on every protocol, without retrying. It used to
 * end as an empty answer or a retried "closed the stream" error that never said why.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createOpenAIChatClient } from "../../src/providers/openai-chat.ts";
import { withRetry } from "../../src/providers/retry.ts";
import type { ProtocolHandler } from "../support/fake-model/handler.ts";
import { openaiChatHandler } from "../support/fake-model/handlers/openai-chat.ts";
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

/** The chat handler with its headers replaced: how a mislabelling server or proxy answers. */
function withHeaders(headers: Record<string, string>, status = 200, html?: string): ProtocolHandler {
  return {
    ...openaiChatHandler,
    renderReply: (step, request) => {
      const real = openaiChatHandler.renderReply(step, request);
      return { status, headers, events: html === undefined ? real.events : [html] };
    },
  };
}

describe("HTML without an HTML content type, and HTML error pages", () => {
  const ask = async (handler: ProtocolHandler) => {
    server = await startFakeModel({ handlers: [handler] });
    server.enqueue({ kind: "reply", text: "streamed anyway" });
    const client = createOpenAIChatClient({ baseUrl: server.baseUrl("openai-chat") });
    return collect(withRetry(client, { sleep: async () => {} }).stream(testRequest()));
  };

  it("a page served as text/plain is still told apart from a stream by its first bytes", async () => {
    const end = last(await ask(withHeaders({ "content-type": "text/plain" }, 200, portal)));
    if (end.type !== "error") throw new Error("expected an error");
    expect(end.error.message).toContain('answered with an HTML page (titled "Hotel Wi-Fi — Sign in")');
    expect(server?.requests).toHaveLength(1);
  });

  it("a real stream without a content type still streams", async () => {
    const events = await ask(withHeaders({}));
    expect(last(events).type).toBe("done");
    expect(events.map((e) => (e.type === "text_delta" ? e.delta : "")).join("")).toBe("streamed anyway");
  });

  it("an HTML error page (404 from a website) is quoted by its title, not its markup", async () => {
    const page = "<!doctype html><html><head><title>404 Not Found</title><style>body{}</style></head></html>";
    const end = last(await ask(withHeaders({ "content-type": "text/html" }, 404, page)));
    if (end.type !== "error") throw new Error("expected an error");
    expect(end.error.message).toMatch(
      /answered 404 Not Found: an HTML page \(titled "404 Not Found"\)\. Check the model name and the provider's base URL\./,
    );
    expect(end.error.message).not.toContain("<style>");
  });
});
