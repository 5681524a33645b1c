/**
 * Shared set-up for the UI's end-to-end tests: one fake model server (OpenAI Chat wire format), a temp
 * TANDEM_HOME pointing at it, and the real `tandem` running in tmux. Everything is torn down after each test.
 */
import { afterAll, afterEach, beforeAll } from "vitest";
import { type FakeModelServer, startFakeModel } from "../../support/fake-model/index.ts";
import { baseEnv, createWorkspace, fakeProviderConfig, type Workspace } from "../../support/run-tandem.ts";
import { startTandemInTmux, type TmuxTandem } from "./tmux.ts";

export interface E2E {
  server: FakeModelServer;
  ws: Workspace;
  ui: TmuxTandem;
  env: NodeJS.ProcessEnv;
}

/** A second model in the catalog, for /model. */
export const OTHER_MODEL = [
  "[[models]]",
  'id = "fake/other-model"',
  "context_window = 50000",
  "max_output = 4096",
].join("\n");

export function registerE2E() {
  let server: FakeModelServer | undefined;
  const open: { ws?: Workspace; ui?: TmuxTandem } = {};
  beforeAll(async () => {
    server = await startFakeModel();
  });
  afterAll(() => server?.close());
  afterEach(async () => {
    await open.ui?.kill();
    await open.ws?.cleanup();
    open.ui = undefined;
    open.ws = undefined;
  });
  return {
    /** A workspace; `start` then opens the UI in it. */
    async workspace(extraConfig = ""): Promise<Omit<E2E, "ui">> {
      if (!server) throw new Error("fake model server not started");
      const ws = await createWorkspace({
        config: fakeProviderConfig("openai-chat", server.baseUrl("openai-chat"), extraConfig),
      });
      open.ws = ws;
      return { server, ws, env: baseEnv({ TANDEM_HOME: ws.home, FAKE_API_KEY: "k" }) };
    },
    /** `more`: what else startTandemInTmux takes (`exitCodeFile`). */
    async start(
      setup: Omit<E2E, "ui">,
      args: string[] = [],
      more: { exitCodeFile?: string } = {},
    ): Promise<E2E> {
      const ui = await startTandemInTmux({ args, cwd: setup.ws.cwd, env: setup.env, ...more });
      open.ui = ui;
      await ui.waitFor((s) => s.includes("/help"), 20_000, "the composer");
      return { ...setup, ui };
    },
  };
}

/** The JSON of a recorded request, to search for text the model was sent. */
export const bodyText = (e: E2E, index: number) => JSON.stringify(e.server.requests[index]?.body ?? null);

/**
 * Exits the UI as a person does (Ctrl+C twice) and waits for the process to end, so the last step's
 * checkpoint is written before the workspace is removed (removing it under a running checkpoint fails).
 */
export async function exitUi(e: E2E): Promise<void> {
  await e.ui.keys(["C-c"]);
  await e.ui.waitFor((s) => s.includes("press Ctrl+C again to exit"), 10_000, "the exit hint");
  await e.ui.keys(["C-c"]);
  const until = Date.now() + 15_000;
  while (!(await e.ui.exited())) {
    if (Date.now() > until) throw new Error(`tandem did not exit:\n${await e.ui.capture()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
