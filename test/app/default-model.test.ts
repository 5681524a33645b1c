import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { pickModel } from "../../src/app/default-model.ts";
import { createModelRegistry } from "../../src/app/models.ts";
import { UserError } from "../../src/app/user-error.ts";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function modelsServer(ids: string[]): Promise<string> {
  const server = createServer((req, res) => {
    if (req.url === "/v1/models") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ object: "list", data: ids.map((id) => ({ id })) }));
    } else {
      res.writeHead(404).end();
    }
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

/** A port nothing listens on: bind, read the port, close. */
async function deadUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return `http://127.0.0.1:${port}/v1`;
}

function registryWithLocals(urls: { ollama: string; lmstudio: string; llamacpp: string }, env = {}) {
  return createModelRegistry({
    env,
    config: {
      providers: {
        ollama: { protocol: "openai-chat", base_url: urls.ollama },
        lmstudio: { protocol: "openai-chat", base_url: urls.lmstudio },
        llamacpp: { protocol: "openai-chat", base_url: urls.llamacpp },
      },
    },
    createClient: (p) => ({ protocol: p.protocol, async *stream() {} }),
  });
}

describe("pickModel", () => {
  it("prefers the configured model", async () => {
    const registry = registryWithLocals({
      ollama: await deadUrl(),
      lmstudio: await deadUrl(),
      llamacpp: await deadUrl(),
    });
    expect(await pickModel({ registry, env: {}, configured: "x/y" })).toEqual({
      id: "x/y",
      source: "configured",
    });
  });

  it("uses a vendor whose key is set", async () => {
    const registry = createModelRegistry({
      env: { ANTHROPIC_API_KEY: "k" },
      config: {},
      createClient: (p) => ({ protocol: p.protocol, async *stream() {} }),
    });
    const picked = await pickModel({ registry, env: { ANTHROPIC_API_KEY: "k" } });
    expect(picked).toEqual({ id: "anthropic/claude-opus-4-6", source: "environment" });
  });

  it("finds a local server and its first model", async () => {
    const lm = await modelsServer(["qwen3-coder-30b", "other"]);
    const registry = registryWithLocals({ ollama: await deadUrl(), lmstudio: lm, llamacpp: await deadUrl() });
    expect(await pickModel({ registry, env: {} })).toEqual({
      id: "lmstudio/qwen3-coder-30b",
      source: "local",
    });
  });

  it("fails with a message listing the ways to configure a model", async () => {
    const registry = registryWithLocals({
      ollama: await deadUrl(),
      lmstudio: await deadUrl(),
      llamacpp: await deadUrl(),
    });
    const error = await pickModel({ registry, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    const message = (error as Error).message;
    expect(message).toContain("OPENAI_API_KEY");
    expect(message).toContain("--model");
    expect(message).toContain("config.toml");
    expect(message).toContain("Ollama");
  });
});
