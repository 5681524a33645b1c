/**
 * `quirks.geminiThinkingLevels` (Gemini 3): the effort goes as `thinkingConfig.thinkingLevel`, never with a
 * `thinkingBudget`, and `includeThoughts` stays on so thoughts still stream.
 */
import { type GenerateContentConfig, GoogleGenAI } from "@google/genai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  buildGeminiBody,
  createGoogleGeminiClient,
  geminiThinkingBudgets,
  geminiThinkingLevel,
} from "../../src/providers/google-gemini.ts";
import type { ModelEntry, ReasoningEffort } from "../../src/providers/types.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import { collect, modelEntry, request, sdkThinkingConfig, user } from "./anthropic-gemini-helpers.ts";

let server: FakeModelServer;
beforeEach(async () => {
  server = await startFakeModel();
});
afterEach(async () => {
  await server.close();
});

/** As the catalog has Gemini 3 Pro (low and high only) and Gemini 3 Flash (all four). */
const pro: ModelEntry = modelEntry("google", { quirks: { geminiThinkingLevels: ["low", "high"] } });
const flash: ModelEntry = modelEntry("google", {
  quirks: { geminiThinkingLevels: ["minimal", "low", "medium", "high"] },
});
const efforts: ReasoningEffort[] = ["minimal", "low", "medium", "high"];

describe("gemini thinkingLevel", () => {
  it("sends the level with includeThoughts and no budget, and the thoughts still arrive as thinking", async () => {
    const client = createGoogleGeminiClient({ baseUrl: server.baseUrl("google-gemini"), apiKey: "k" });
    server.enqueue({ kind: "reply", reasoning: "Think it over.", text: "Done." });
    const done = await collect(client.stream(request(pro, [user("q")], { reasoningEffort: "medium" })));
    expect(done.error).toBeUndefined();
    expect(server.requests[0]?.body.generationConfig).toEqual({
      maxOutputTokens: 32_000,
      thinkingConfig: { includeThoughts: true, thinkingLevel: "HIGH" },
    });
    expect(done.message.content[0]).toMatchObject({ type: "thinking", text: "Think it over." });
    expect(done.text).toBe("Done.");
  });

  it("maps each effort to the nearest level the model accepts, rounding up", () => {
    const levelOf = (model: ModelEntry, e: ReasoningEffort) =>
      buildGeminiBody(request(model, [user("q")], { reasoningEffort: e })).generationConfig.thinkingConfig;
    expect(efforts.map((e) => levelOf(pro, e)?.thinkingLevel)).toEqual(["LOW", "LOW", "HIGH", "HIGH"]);
    expect(efforts.map((e) => levelOf(flash, e)?.thinkingLevel)).toEqual([
      "MINIMAL",
      "LOW",
      "MEDIUM",
      "HIGH",
    ]);
    expect(efforts.every((e) => levelOf(flash, e)?.thinkingBudget === undefined)).toBe(true);
    // Only lower levels accepted: the highest of them.
    expect(geminiThinkingLevel("high", ["minimal", "low"])).toBe("LOW");
    expect(geminiThinkingLevel("high", [])).toBeUndefined();
  });

  it("keeps the budget for models without levels, and sends neither without an effort", () => {
    const budgeted = modelEntry("google");
    expect(
      buildGeminiBody(request(budgeted, [user("q")], { reasoningEffort: "low" })).generationConfig
        .thinkingConfig,
    ).toEqual({ includeThoughts: true, thinkingBudget: geminiThinkingBudgets.low });
    expect(buildGeminiBody(request(pro, [user("q")])).generationConfig.thinkingConfig).toEqual({
      includeThoughts: true,
    });
  });

  it("is what @google/genai itself puts on the wire for the same config", async () => {
    const ours = buildGeminiBody(request(flash, [user("q")], { reasoningEffort: "minimal" }));
    const { thinkingConfig, ...generation } = ours.generationConfig;
    const config: GenerateContentConfig = { ...generation };
    const sdkThinking = sdkThinkingConfig(thinkingConfig);
    if (sdkThinking) config.thinkingConfig = sdkThinking;
    const ai = new GoogleGenAI({
      apiKey: "fake-gemini-key",
      httpOptions: { baseUrl: server.baseUrl("google-gemini"), retryOptions: { attempts: 1 } },
    });
    server.enqueue({ kind: "reply", text: "ok" });
    const stream = await ai.models.generateContentStream({
      model: "gemini-fake",
      contents: ours.contents,
      config,
    });
    for await (const _ of stream) {
      // drain
    }
    expect(server.requests[0]?.body.generationConfig).toEqual({
      maxOutputTokens: 32_000,
      thinkingConfig: { includeThoughts: true, thinkingLevel: "MINIMAL" },
    });
  });
});
