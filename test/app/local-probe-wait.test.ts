/**
 * `timeouts.probe_seconds` (and a provider's own): how long a local server gets to list its models when no
 * model is configured. A server that answers after 700 ms is missed with the default 400 ms wait and found with
 * a longer one; a provider's own wait wins over `[timeouts]`. (The CLI test of the probe sets a long wait, so a
 * loaded machine cannot make it miss a server that is there: test/cli/exec-errors.test.ts.)
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { ConfigFile } from "../../src/app/config-schema.ts";
import { DEFAULT_PROBE_MS, pickModel } from "../../src/app/default-model.ts";
import { createModelRegistry } from "../../src/app/models.ts";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A local server whose model list arrives after `delayMs`. */
async function slowModelsServer(delayMs: number): Promise<string> {
  const server = createServer((_req, res) => {
    setTimeout(() => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ object: "list", data: [{ id: "slow-model" }] }));
    }, delayMs);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

const pick = (config: ConfigFile) =>
  pickModel({
    registry: createModelRegistry({
      env: {},
      config,
      createClient: (p) => ({ protocol: p.protocol, async *stream() {} }),
    }),
    env: {},
  }).then(
    (picked) => picked.id,
    () => "none",
  );

describe("the local probe's wait", () => {
  it("misses a server slower than the default wait, finds it with probe_seconds, a provider's own winning", async () => {
    expect(DEFAULT_PROBE_MS).toBe(400);
    const url = await slowModelsServer(DEFAULT_PROBE_MS + 300);
    const ollama = { protocol: "openai-chat" as const, base_url: url };
    expect(await pick({ providers: { ollama } })).toBe("none");
    expect(await pick({ providers: { ollama }, timeouts: { probe_seconds: 10 } })).toBe("ollama/slow-model");
    expect(
      await pick({
        providers: { ollama: { ...ollama, timeouts: { probe_seconds: 10 } } },
        timeouts: { probe_seconds: 0.1 },
      }),
    ).toBe("ollama/slow-model");
    expect(
      await pick({
        providers: { ollama: { ...ollama, timeouts: { probe_seconds: 0.1 } } },
        timeouts: { probe_seconds: 10 },
      }),
    ).toBe("none");
  });
});
