/**
 * `ProviderClientOptions.onRequestWritten` (src/providers/post-stream.ts): the session starts loading its safety
 * gate when a request is on its way rather than as it starts, so the load cannot delay the request
 * (docs/benchmarks.md, "Start-up"). Called for every attempt a retry makes; with a custom `fetch`, only once that
 * fetch has settled (nothing earlier is known to follow the write).
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { createOpenAIChatClient } from "../../src/providers/openai-chat.ts";
import { withRetry } from "../../src/providers/retry.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import { collect, last, testRequest, textOf } from "./client-support.ts";

let server: FakeModelServer;
beforeEach(async () => {
  server = await startFakeModel();
});
afterEach(() => server.close());

it("is called once per attempt of a retried request", async () => {
  server.enqueue({ kind: "error", status: 500 }, { kind: "reply", text: "recovered" });
  const attempts: number[] = [];
  const client = createOpenAIChatClient({
    baseUrl: server.baseUrl("openai-chat"),
    onRequestWritten: () => attempts.push(attempts.length + 1),
  });
  const events = await collect(withRetry(client, { sleep: async () => {} }).stream(testRequest()));
  expect(textOf(events)).toBe("recovered");
  expect(last(events).type).toBe("done");
  expect(attempts).toEqual([1, 2]);
});

it("with a custom fetch, is called only once that fetch has settled", async () => {
  let answer: (r: Response) => void = () => {};
  const calls: string[] = [];
  const fetchImpl = ((_url: string) => {
    calls.push("fetch");
    return new Promise<Response>((resolve) => {
      answer = resolve;
    });
  }) as typeof fetch;
  const client = createOpenAIChatClient({
    baseUrl: "http://model.invalid/v1",
    fetch: fetchImpl,
    onRequestWritten: () => calls.push("written"),
  });
  const done = collect(client.stream(testRequest()));
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(calls).toEqual(["fetch"]);
  answer(new Response("", { status: 500 }));
  const events = await done;
  expect(last(events).type).toBe("error");
  expect(calls).toEqual(["fetch", "written"]);
});
