/**
 * The fake server's Gemini wire format, checked by the official `@google/genai` SDK: text, thoughts with a
 * thought signature, function calls, usage metadata, errors, and the non-streaming `:generateContent`.
 */
import {
  ApiError,
  type Content,
  type GenerateContentConfig,
  type GenerateContentResponse,
  GoogleGenAI,
  type Tool,
} from "@google/genai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildGeminiBody } from "../../src/providers/google-gemini.ts";
import { emptyUsage } from "../../src/providers/usage.ts";
import { modelEntry, request, sdkThinkingConfig } from "../providers/anthropic-gemini-helpers.ts";
import { fakeThoughtSignature } from "../support/fake-model/handlers/google-gemini.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";

let server: FakeModelServer;
let ai: GoogleGenAI;

beforeEach(async () => {
  server = await startFakeModel();
  ai = new GoogleGenAI({
    apiKey: "fake-gemini-key",
    httpOptions: { baseUrl: server.baseUrl("google-gemini"), retryOptions: { attempts: 1 } },
  });
});
afterEach(async () => {
  await server.close();
});

async function collect(stream: AsyncGenerator<GenerateContentResponse>): Promise<GenerateContentResponse[]> {
  const out: GenerateContentResponse[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

describe("fake Gemini server through @google/genai", () => {
  it("streams thoughts, text with its thought signature, and usage metadata", async () => {
    server.enqueue({
      kind: "reply",
      reasoning: "Thinking hard.",
      text: "Hello from the fake Gemini.",
      usage: { input: 50, cached_input: 400, output: 30, reasoning: 10 },
    });
    const chunks = await collect(
      await ai.models.generateContentStream({
        model: "gemini-fake",
        contents: "hi",
        config: { thinkingConfig: { includeThoughts: true } },
      }),
    );
    const parts = chunks.flatMap((c) => c.candidates?.[0]?.content?.parts ?? []);
    const thoughts = parts.filter((p) => p.thought).map((p) => p.text);
    expect(thoughts.join("")).toBe("Thinking hard.");
    const texts = parts.filter((p) => !p.thought && p.text !== undefined);
    expect(texts.map((p) => p.text).join("")).toBe("Hello from the fake Gemini.");
    expect(texts.at(-1)?.thoughtSignature).toBe(fakeThoughtSignature("Thinking hard."));
    const last = chunks.at(-1);
    expect(last?.candidates?.[0]?.finishReason).toBe("STOP");
    expect(last?.usageMetadata).toMatchObject({
      promptTokenCount: 450,
      cachedContentTokenCount: 400,
      candidatesTokenCount: 20,
      thoughtsTokenCount: 10,
    });
    const recorded = server.requests[0];
    expect(recorded?.url).toBe("/v1beta/models/gemini-fake:streamGenerateContent?alt=sse");
    expect(recorded?.headers["x-goog-api-key"]).toBe("fake-gemini-key");
  });

  it("streams parallel function calls the SDK exposes through functionCalls", async () => {
    server.enqueue({
      kind: "reply",
      reasoning: "Two files.",
      toolCalls: [
        { name: "read", arguments: { path: "a.ts" } },
        { name: "read", arguments: { path: "b.ts" } },
      ],
    });
    const chunks = await collect(
      await ai.models.generateContentStream({ model: "gemini-fake", contents: "read" }),
    );
    const calls = chunks.flatMap((c) => c.functionCalls ?? []);
    expect(calls).toEqual([
      { name: "read", args: { path: "a.ts" } },
      { name: "read", args: { path: "b.ts" } },
    ]);
    const callParts = chunks
      .flatMap((c) => c.candidates?.[0]?.content?.parts ?? [])
      .filter((p) => p.functionCall);
    expect(callParts[0]?.thoughtSignature).toBe(fakeThoughtSignature("Two files."));
    expect(callParts[1]?.thoughtSignature).toBeUndefined();
  });

  it("answers :generateContent with one whole response", async () => {
    server.enqueue({ kind: "reply", text: "Whole answer in one go.", stopReason: "length" });
    const response = await ai.models.generateContent({ model: "gemini-fake", contents: "hi" });
    expect(response.text).toBe("Whole answer in one go.");
    expect(response.candidates?.[0]?.finishReason).toBe("MAX_TOKENS");
    expect(server.requests[0]?.url).toBe("/v1beta/models/gemini-fake:generateContent");
  });

  it("answers 429 RESOURCE_EXHAUSTED with a RetryInfo detail the SDK surfaces as ApiError", async () => {
    server.enqueue({ kind: "error", status: 429, retryAfter: 12 });
    const error = await ai.models
      .generateContentStream({ model: "gemini-fake", contents: "hi" })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(429);
    const body = JSON.parse((error as ApiError).message) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ code: 429, status: "RESOURCE_EXHAUSTED" });
    expect(body.error.details).toEqual([
      { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "12s" },
    ]);
  });

  it("sends an in-stream error chunk the SDK raises mid-stream", async () => {
    server.enqueue({ kind: "reply", text: "partial", streamError: "overloaded" });
    const stream = await ai.models.generateContentStream({ model: "gemini-fake", contents: "hi" });
    const error = await collect(stream).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toMatch(/overloaded/);
  });
});

describe("our request body through @google/genai", () => {
  it("type-checks as the SDK's Content/Tool/config types and reaches the server unchanged", async () => {
    const model = modelEntry("google");
    const ours = buildGeminiBody(
      request(
        model,
        [
          {
            role: "user",
            content: [
              { type: "text", text: "look" },
              { type: "image", mimeType: "image/png", data: "iVBOR" },
            ],
          },
          {
            role: "assistant",
            content: [
              { type: "thinking", text: "plan", vendor: { protocol: "google-gemini", data: {} } },
              {
                type: "tool_call",
                id: "c1",
                name: "read",
                arguments: { path: "a" },
                vendor: { protocol: "google-gemini", data: { thoughtSignature: "c2ln" } },
              },
            ],
            model: model.id,
            protocol: "google-gemini",
            usage: emptyUsage(),
            stopReason: "tool_use",
          },
          {
            role: "tool_result",
            callId: "c1",
            toolName: "read",
            content: [{ type: "text", text: "A" }],
            isError: false,
          },
        ],
        { reasoningEffort: "medium" },
      ),
    );
    // Compile-time fidelity: each part of our body is the SDK's own type.
    const contents: Content[] = ours.contents;
    const tools: Tool[] | undefined = ours.tools;
    const systemInstruction: Content | undefined = ours.systemInstruction;
    const { thinkingConfig, ...generation } = ours.generationConfig;
    const config: GenerateContentConfig = { ...generation };
    const sdkThinking = sdkThinkingConfig(thinkingConfig);
    if (sdkThinking) config.thinkingConfig = sdkThinking;
    if (tools) config.tools = tools;
    if (systemInstruction) config.systemInstruction = systemInstruction;
    server.enqueue({ kind: "reply", text: "ok" });
    await collect(await ai.models.generateContentStream({ model: "gemini-fake", contents, config }));
    expect(server.requests[0]?.body).toEqual(JSON.parse(JSON.stringify(ours)));
  });
});
