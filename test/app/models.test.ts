import { describe, expect, it } from "vitest";
import { createModelRegistry } from "../../src/app/models.ts";
import type { ProviderClient } from "../../src/providers/types.ts";

const fakeClient = (protocol: ProviderClient["protocol"]): ProviderClient => ({
  protocol,
  async *stream() {},
});

function registry(env: NodeJS.ProcessEnv, config = {}) {
  const created: { id: string; baseUrl: string; key?: string }[] = [];
  const r = createModelRegistry({
    config,
    env,
    createClient: (p, key) => {
      created.push({ id: p.id, baseUrl: p.baseUrl, key });
      return fakeClient(p.protocol);
    },
  });
  return { r, created };
}

describe("model registry", () => {
  it("resolves a catalog model with its limits, prices and capabilities", () => {
    const { r } = registry({ OPENAI_API_KEY: "sk-test" });
    const res = r.resolve("openai/gpt-5.3-codex");
    if ("error" in res) throw new Error(res.error);
    expect(res.model.capabilities.editFormat).toBe("apply_patch");
    expect(res.model.prices?.input).toBeGreaterThan(0);
    expect(res.provider.protocol).toBe("openai-responses");
    expect(res.warning).toBeUndefined();
  });

  it("names the missing key variable", () => {
    const { r } = registry({});
    const res = r.resolve("anthropic/claude-opus-4-6");
    expect(res).toEqual({ error: expect.stringContaining("ANTHROPIC_API_KEY is not set"), code: "auth" });
  });

  it("honours the standard base URL variables", () => {
    const { r, created } = registry({ ANTHROPIC_API_KEY: "k", ANTHROPIC_BASE_URL: "http://127.0.0.1:9999" });
    r.resolve("anthropic/claude-opus-4-6");
    expect(created[0]).toEqual({ id: "anthropic", baseUrl: "http://127.0.0.1:9999", key: "k" });
  });

  it("gives unknown models conservative defaults and a warning", () => {
    const { r } = registry({});
    const res = r.resolve("ollama/qwen3-coder");
    if ("error" in res) throw new Error(res.error);
    expect(res.model.unknown).toBe(true);
    expect(res.model.contextWindow).toBe(32_768);
    expect(res.warning).toMatch(/not in the catalog/);
    expect(res.provider.local).toBe(true);
  });

  it("splits on the first slash only (openrouter/vendor/model)", () => {
    const { r } = registry({ OPENROUTER_API_KEY: "k" });
    const res = r.resolve("openrouter/anthropic/claude-opus-4-6");
    if ("error" in res) throw new Error(res.error);
    expect(res.model.model).toBe("anthropic/claude-opus-4-6");
  });

  it("takes providers and models from config", () => {
    const { r } = registry(
      { VLLM_KEY: "v" },
      {
        providers: {
          vllm: { protocol: "openai-chat", base_url: "http://gpu:8000/v1", api_key_env: "VLLM_KEY" },
        },
        models: [
          {
            id: "vllm/big",
            context_window: 1000,
            max_output: 100,
            tools: true,
            reasoning: false,
            images: false,
            edit_format: "edit",
          },
        ],
      },
    );
    const res = r.resolve("vllm/big");
    if ("error" in res) throw new Error(res.error);
    expect(res.model.contextWindow).toBe(1000);
    expect(res.provider.local).toBe(false);
  });

  it("rejects malformed names and unknown providers with guidance", () => {
    const { r } = registry({});
    expect(r.resolve("gpt-5")).toEqual({
      error: expect.stringContaining("provider/model"),
      code: "model_not_found",
    });
    expect(r.resolve("nope/x")).toEqual({
      error: expect.stringContaining("Known providers"),
      code: "model_not_found",
    });
  });

  it("reuses one client per provider", () => {
    const { r, created } = registry({ OPENAI_API_KEY: "k" });
    r.resolve("openai/gpt-5.2");
    r.resolve("openai/gpt-5-mini");
    expect(created).toHaveLength(1);
  });
});
