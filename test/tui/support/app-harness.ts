/**
 * The real app on a headless terminal with a real agent whose model is a scripted in-memory client:
 * type into it, read the screen. TANDEM_HOME is a temp folder (for the input history), removed by dispose().
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConversation } from "../../../src/conversation/reduce.ts";
import { type Agent, type AgentOptions, createAgent } from "../../../src/core/agent.ts";
import { type App, type AppOptions, runApp } from "../../../src/tui/app.ts";
import { createStyle } from "../../../src/tui/style.ts";
import {
  createScriptedClient,
  type ScriptedClient,
  type ScriptStep,
  testModel,
} from "../../support/scripted-client.ts";
import { createHeadlessTerminal, type HeadlessTerminal } from "./headless-terminal.ts";

export interface AppHarness {
  term: HeadlessTerminal;
  app: App;
  agent: Agent;
  client: ScriptedClient;
  input(data: string): void;
  /** Resizes the terminal (it reflows its rows, as a real one does), then tells the app, as SIGWINCH would. */
  resize(cols: number, rows: number): void;
  /** Polls until some row contains `text`. */
  waitForText(text: string): Promise<void>;
  until(check: () => boolean, what: string): Promise<void>;
  /** The temp TANDEM_HOME the app uses. */
  home: string;
  /** Ctrl+C twice; resolves when the app and the agent are done. */
  exit(): Promise<void>;
  /** Disposes the terminal and removes the temp TANDEM_HOME. */
  dispose(): void;
}

export function startApp(
  script: ScriptStep[],
  agentOptions: Partial<AgentOptions> = {},
  size: { cols: number; rows: number } = { cols: 100, rows: 30 },
  /** Called with the temp TANDEM_HOME before the app opens (e.g. to seed history.jsonl). */
  prepareHome?: (home: string) => void,
  /** Replaces the app's session hooks (/new, /resume, /sessions) and start-up options. */
  appOptions: Partial<
    Pick<AppOptions, "openSession" | "listSessions" | "listModels" | "pickSession" | "approvalGuardMs">
  > = {},
): AppHarness {
  const home = mkdtempSync(join(tmpdir(), "tandem-tui-home-"));
  prepareHome?.(home);
  const term = createHeadlessTerminal(size.cols, size.rows);
  const client = createScriptedClient(script);
  const agent = createAgent({
    cwd: process.cwd(),
    model: "test/model-a",
    resolveModel: () => ({ model: testModel(), client }),
    tools: [],
    systemPrompt: () => "test",
    interactive: true,
    ...agentOptions,
  });
  let listener: (data: string) => void = () => undefined;
  let onResize: () => void = () => undefined;
  const app = runApp({
    terminal: {
      write: (d) => term.write(d),
      columns: () => term.cols,
      rows: () => term.rows,
      onInput: (l) => {
        listener = l;
      },
      onResize: (l) => {
        onResize = l;
      },
      restore: () => undefined,
    },
    style: createStyle(false),
    session: {
      agent,
      model: "test/model-a",
      cwd: agentOptions.cwd ?? process.cwd(),
      conversation: createConversation({ model: "test/model-a", cwd: agentOptions.cwd ?? process.cwd() }),
      warnings: [],
    },
    openSession: () => Promise.reject(new Error("not in this test")),
    listSessions: async () => [],
    home,
    // Tests answer an approval as soon as it shows; approval-typing-guard tests the guard itself.
    approvalGuardMs: 0,
    ...appOptions,
  });
  const until = async (check: () => boolean, what: string) => {
    const end = Date.now() + 10_000;
    while (!check()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}:\n${term.lines().join("\n")}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    term,
    app,
    agent,
    client,
    home,
    input: (data) => listener(data),
    resize(cols, rows) {
      term.resize(cols, rows);
      onResize();
    },
    until,
    waitForText: (text) => until(() => term.lines().some((l) => l.includes(text)), `"${text}"`),
    async exit() {
      listener("\x03");
      listener("\x03");
      await app.done;
      await agent.done;
    },
    dispose() {
      term.dispose();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
