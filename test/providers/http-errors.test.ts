import { describe, expect, it } from "vitest";
import {
  errorFromResponse,
  errorFromStreamPayload,
  networkError,
  parseRetryAfter,
} from "../../src/providers/http-errors.ts";

const ctx = { providerLabel: "acme", apiKeyEnv: "ACME_API_KEY", apiKey: "sk-acme-0123456789abcdef" };

function response(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers });
}

describe("errorFromResponse", () => {
  it("classifies by status and body", () => {
    const kind = (status: number, body = "") => errorFromResponse(response(status), body, ctx).kind;
    expect(kind(401)).toBe("auth");
    expect(kind(403)).toBe("auth");
    expect(kind(404)).toBe("not_found");
    expect(kind(429)).toBe("rate_limit");
    expect(kind(529)).toBe("overloaded");
    expect(kind(503, '{"error":{"message":"Model is overloaded"}}')).toBe("overloaded");
    expect(kind(500)).toBe("server");
    expect(kind(502, "<html>Bad gateway</html>")).toBe("server");
    expect(kind(400, '{"error":{"message":"prompt is too long: 210000 tokens > 200000 maximum"}}')).toBe(
      "context_overflow",
    );
    expect(kind(400, '{"error":{"code":"context_length_exceeded","message":"x"}}')).toBe("context_overflow");
    expect(kind(400, '{"error":{"message":"Unknown parameter: foo"}}')).toBe("bad_request");
  });

  it("names the env var on auth errors and scrubs the key and bearer tokens from vendor text", () => {
    const body = JSON.stringify({
      error: { message: `Bad key ${ctx.apiKey}; header was Bearer abc.def-ghi` },
    });
    const error = errorFromResponse(response(401), body, ctx);
    expect(error.message).toContain("ACME_API_KEY");
    expect(error.message).not.toContain(ctx.apiKey);
    expect(error.message).not.toContain("abc.def-ghi");
    expect(error.message).toContain("[redacted]");
    expect(error.retryable).toBe(false);
  });

  it("reads retry-after as seconds, as an HTTP date, and retry-after-ms", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter(new Headers({ "retry-after": "12" }), now)).toBe(12);
    expect(parseRetryAfter(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:30 GMT" }), now)).toBe(30);
    expect(parseRetryAfter(new Headers({ "retry-after-ms": "1500", "retry-after": "2" }), now)).toBe(1.5);
    expect(parseRetryAfter(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
    const error = errorFromResponse(response(429, { "retry-after": "3" }), "", ctx);
    expect(error).toMatchObject({ kind: "rate_limit", retryable: true, retryAfter: 3 });
    expect(error.message).toContain("Retry after 3 s");
  });

  it("a 429 for an exhausted quota is not retryable and says to check billing", () => {
    const body = JSON.stringify({
      error: {
        message: "You exceeded your current quota, please check your plan and billing details.",
        type: "insufficient_quota",
        code: "insufficient_quota",
      },
    });
    const error = errorFromResponse(response(429), body, ctx);
    expect(error).toMatchObject({ kind: "rate_limit", retryable: false });
    expect(error.message).toMatch(/billing/);
    expect(errorFromResponse(response(429), '{"error":{"code":"rate_limit_exceeded"}}', ctx).retryable).toBe(
      true,
    );
    // Gemini words its passing per-minute limits like this; only OpenAI's code means the money ran out.
    const gemini =
      '{"error":{"code":429,"message":"You exceeded your current quota, please check your plan and billing details.","status":"RESOURCE_EXHAUSTED"}}';
    expect(errorFromResponse(response(429), gemini, ctx).retryable).toBe(true);
  });

  it("truncates a huge vendor body in the message", () => {
    const error = errorFromResponse(response(500), "x".repeat(10_000), ctx);
    expect(error.message.length).toBeLessThan(700);
  });
});

describe("errorFromStreamPayload", () => {
  it("classifies in-stream vendor codes", () => {
    expect(errorFromStreamPayload({ code: "rate_limit_exceeded", message: "m" }, ctx).kind).toBe(
      "rate_limit",
    );
    expect(errorFromStreamPayload({ type: "overloaded_error", message: "Overloaded" }, ctx).kind).toBe(
      "overloaded",
    );
    expect(errorFromStreamPayload({ code: "server_error", message: "m" }, ctx)).toMatchObject({
      kind: "server",
      retryable: true,
    });
    expect(errorFromStreamPayload({ code: "context_length_exceeded", message: "m" }, ctx).kind).toBe(
      "context_overflow",
    );
    expect(errorFromStreamPayload({ code: "invalid_prompt", message: "m" }, ctx)).toMatchObject({
      kind: "protocol",
      retryable: false,
    });
  });
});

describe("networkError", () => {
  it("surfaces the cause code that undici hides", () => {
    const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    const error = networkError(new TypeError("fetch failed", { cause }), ctx);
    expect(error).toMatchObject({ kind: "network", retryable: true });
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.message).toContain("acme");
  });
});
