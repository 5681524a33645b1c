/**
 * Shared set-up for the CLI's end-to-end tests (test/cli): one fake model server per test file and, per test,
 * a temp workspace whose TANDEM_HOME config points the provider `fake` at it. The hooks this registers close
 * the server after the file and remove every workspace after its test.
 */
import { afterAll, afterEach, beforeAll } from "vitest";
import type { ProtocolId } from "../../src/providers/types.ts";
import { type FakeModelServer, startFakeModel } from "./fake-model/index.ts";
import { baseEnv, createWorkspace, fakeProviderConfig, type Workspace } from "./run-tandem.ts";

export interface CliWorkspaceOptions {
  /** The wire protocol of the provider `fake`. Default "openai-chat". */
  protocol?: ProtocolId;
  /**
   * config.toml as given, instead of the `fake` provider's; "" writes none. For tests of configuration
   * itself. Default: {@link fakeProviderConfig} for `protocol`.
   */
  config?: string;
}

export interface CliWorkspace extends Workspace {
  /** A clean environment for `tandem` here: baseEnv with TANDEM_HOME and FAKE_API_KEY=k. */
  env: NodeJS.ProcessEnv;
}

export interface CliE2E {
  /** The file's fake model server; started in beforeAll, so read it inside tests and hooks only. */
  readonly server: FakeModelServer;
  /** A fresh workspace for the current test, removed after it. */
  workspace(options?: CliWorkspaceOptions): Promise<CliWorkspace>;
}

/** Call once at the top of a test file. */
export function registerCliE2E(): CliE2E {
  let server: FakeModelServer | undefined;
  const open: Workspace[] = [];
  beforeAll(async () => {
    server = await startFakeModel();
  });
  afterAll(() => server?.close());
  afterEach(async () => {
    // Replies a failed test left queued would otherwise answer the next test's requests.
    server?.clear();
    for (const ws of open.splice(0)) await ws.cleanup();
  });
  const started = (): FakeModelServer => {
    if (!server) throw new Error("the fake model server starts in beforeAll; use it inside a test or hook");
    return server;
  };
  return {
    get server() {
      return started();
    },
    async workspace(options = {}) {
      const protocol = options.protocol ?? "openai-chat";
      const config = options.config ?? fakeProviderConfig(protocol, started().baseUrl(protocol));
      const ws = await createWorkspace({ config });
      open.push(ws);
      return { ...ws, env: baseEnv({ TANDEM_HOME: ws.home, FAKE_API_KEY: "k" }) };
    },
  };
}
