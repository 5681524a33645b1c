/**
 * The real app on a headless terminal with a real agent whose model is a scripted in-memory client:
 * type into it, read the screen.
 */
import { type Agent, type AgentOptions, createAgent } from "../../../src/core/agent.ts";
import { type App, runApp } from "../../../src/tui/app.ts";
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
  /** Polls until some row contains `text`. */
  waitForText(text: string): Promise<void>;
  until(check: () => boolean, what: string): Promise<void>;
  /** Ctrl+C twice; resolves when the app and the agent are done. */
  exit(): Promise<void>;
}

export function startApp(
  script: ScriptStep[],
  agentOptions: Partial<AgentOptions> = {},
  size: { cols: number; rows: number } = { cols: 100, rows: 30 },
): AppHarness {
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
  const app = runApp({
    terminal: {
      write: (d) => term.write(d),
      columns: () => term.cols,
      rows: () => term.rows,
      onInput: (l) => {
        listener = l;
      },
      onResize: () => undefined,
      restore: () => undefined,
    },
    style: createStyle(false),
    session: { agent, model: "test/model-a", cwd: process.cwd(), items: [], warnings: [] },
    openSession: () => Promise.reject(new Error("not in this test")),
    listSessions: async () => [],
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
    input: (data) => listener(data),
    until,
    waitForText: (text) => until(() => term.lines().some((l) => l.includes(text)), `"${text}"`),
    async exit() {
      listener("\x03");
      listener("\x03");
      await app.done;
      await agent.done;
    },
  };
}
