/** Entry point for tests: a fake model server speaking every registered protocol. */
import type { ProtocolHandler } from "./handler.ts";
import { allHandlers } from "./handlers.ts";
import { createFakeModelServer, type FakeModelServer, type FakeModelServerOptions } from "./server.ts";

export type { RecordedRequest } from "./handler.ts";
export type * from "./script.ts";
export type { FakeModelServer, StepSource } from "./server.ts";

/**
 * Starts a server on 127.0.0.1 with a free port. `handlers` default to {@link allHandlers}; `models` to
 * `["fake-model"]`. Close it in `afterEach`/`afterAll`.
 */
export function startFakeModel(
  options: { handlers?: ProtocolHandler[]; models?: string[] } = {},
): Promise<FakeModelServer> {
  const serverOptions: FakeModelServerOptions = { handlers: options.handlers ?? allHandlers };
  if (options.models) serverOptions.models = options.models;
  return createFakeModelServer(serverOptions);
}
