/**
 * A real agent with the real safety gate in a temp workspace, its model the fake model server (Anthropic
 * Messages wire): one turn, answering approvals as the test says. For tests of what the gate does with a tool
 * (the unknown-effect tools, a rewritten command, a fatal failure).
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAgent } from "../../src/core/agent.ts";
import type { AnyTool } from "../../src/core/tool.ts";
import type { AgentEvent } from "../../src/protocol/events.ts";
import type { PermissionMode } from "../../src/protocol/permissions.ts";
import { createSafetyGate, type SafetyGateOptions } from "../../src/safety/gate.ts";
import { clientFor } from "../providers/stream-fault-clients.ts";
import type { FakeModelServer } from "./fake-model/index.ts";
import { testModel } from "./scripted-client.ts";

export interface GatedWorkspace {
  root: string;
  ws: string;
  remove(): Promise<void>;
}

export async function gatedWorkspace(): Promise<GatedWorkspace> {
  const root = await mkdtemp(join(tmpdir(), "tandem-gated-"));
  const ws = join(root, "ws");
  await mkdir(ws);
  return { root, ws, remove: () => rm(root, { recursive: true, force: true }) };
}

export interface GatedTurn {
  fake: FakeModelServer;
  ws: GatedWorkspace;
  mode: PermissionMode;
  tools: AnyTool[];
  /** Someone answers approvals (with `approve`); default nobody (`ask` decisions are refused). */
  approve?: "approve" | "deny";
  gate?: Partial<SafetyGateOptions>;
}

/** Runs one turn ("go") and returns every event up to `session_finished`. */
export async function runGatedTurn(turn: GatedTurn): Promise<AgentEvent[]> {
  const gate = createSafetyGate({
    mode: turn.mode,
    workspace: turn.ws.ws,
    trashDir: join(turn.ws.root, "trash"),
    ...turn.gate,
  });
  const model = testModel("test/fake-model", { model: "fake-model" });
  const agent = createAgent({
    cwd: turn.ws.ws,
    model: model.id,
    resolveModel: () => ({ model, client: clientFor(turn.fake, "anthropic-messages") }),
    tools: turn.tools,
    gate,
    systemPrompt: () => "You are a test.",
    interactive: turn.approve !== undefined,
  });
  const events: AgentEvent[] = [];
  const pump = (async () => {
    for await (const e of agent.subscribe()) {
      events.push(e);
      if (e.type === "approval_requested" && turn.approve)
        agent.submit({ type: "approval", call_id: e.call_id, decision: turn.approve });
    }
  })();
  agent.submit({ type: "user_input", text: "go" });
  agent.close();
  await agent.done;
  await pump;
  await gate.close?.();
  return events;
}

export const ofType = <T extends AgentEvent["type"]>(events: AgentEvent[], type: T) =>
  events.filter((e): e is Extract<AgentEvent, { type: T }> => e.type === type);
