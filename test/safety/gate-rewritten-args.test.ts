/**
 * The guard's safer form of a command (`git push --force` run as `--force-with-lease`) is returned as the
 * arguments to run: the call's own arguments stay as the model sent them, what the tool runs and what
 * `tool_call_started` shows is the rewritten command. The gate used to write the rewrite into the arguments
 * object in `beforeRun`, after `tool_call_started` had shown the original.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { type AnyTool, defineTool } from "../../src/core/tool.ts";
import { createSafetyGate } from "../../src/safety/gate.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import { type GatedWorkspace, gatedWorkspace, ofType, runGatedTurn } from "../support/gated-agent.ts";
import { createGuardRepo, gitIn } from "../support/guard-repo.ts";

let fake: FakeModelServer | undefined;
let ws: GatedWorkspace | undefined;
afterEach(async () => {
  fake?.close();
  await ws?.remove();
});

/** A command tool that records what it was asked to run and runs nothing (the remote stays as it is). */
function recordingShell() {
  const ran: string[] = [];
  const tool = defineTool({
    name: "run",
    description: "Run a command (test).",
    kind: "execute",
    sandboxed: true,
    command: (args) => args.command,
    parameters: z.object({ command: z.string(), justification: z.string().optional() }),
    execute: async (args) => {
      ran.push(args.command);
      return { content: "ok" };
    },
  });
  return { tool: tool as AnyTool, ran };
}

/** A workspace whose branch diverged from its remote, so a force push would drop someone's commit. */
async function diverged(): Promise<GatedWorkspace> {
  const made = await gatedWorkspace();
  const { remote } = await createGuardRepo(made.ws, made.root);
  const other = join(made.root, "other");
  gitIn(made.root, ["clone", "-q", remote, other]);
  await writeFile(join(other, "theirs.txt"), "their work\n");
  gitIn(other, ["add", "theirs.txt"]);
  gitIn(other, ["commit", "-q", "-m", "their work"]);
  gitIn(other, ["push", "-q", "origin", "main"]);
  await writeFile(join(made.ws, "mine.txt"), "mine\n");
  gitIn(made.ws, ["add", "mine.txt"]);
  gitIn(made.ws, ["commit", "-q", "-m", "mine"]);
  return made;
}

const PUSH = "git push --force origin main";

describe("a command the guard rewrites", () => {
  it("the gate returns the safer form and leaves the call's arguments as they were", async () => {
    ws = await diverged();
    const gate = createSafetyGate({ mode: "full", workspace: ws.ws, trashDir: join(ws.root, "trash") });
    const { tool } = recordingShell();
    const first = await gate.check({ callId: "1", tool, args: { command: PUSH }, cwd: ws.ws });
    expect(first).toMatchObject({ action: "deny", reissue: true });
    const args = { command: PUSH, justification: "the user asked to overwrite the remote" };
    const call = { callId: "2", tool, args, cwd: ws.ws };
    const decision = await gate.check(call);
    expect(decision.action).toBe("allow");
    const runs = decision.action === "allow" ? (decision.args as { command: string }) : undefined;
    expect(runs?.command).toMatch(/^git push --force-with-lease=main:[0-9a-f]{40} origin main$/);
    expect(runs).toMatchObject({ justification: args.justification });
    await gate.beforeRun?.(call);
    await gate.afterRun?.(call);
    // The loop's next model request goes out: the after-step work waiting for it starts.
    gate.requestSent();
    expect(args).toEqual({ command: PUSH, justification: "the user asked to overwrite the remote" });
    expect(gate.takeNote("2")).toContain(`[tandem] ran as: ${runs?.command}`);
    await gate.close?.();
  });

  it("a command tool whose arguments cannot carry the safer form: the justified call is refused, not run as sent", async () => {
    ws = await diverged();
    const gate = createSafetyGate({ mode: "full", workspace: ws.ws, trashDir: join(ws.root, "trash") });
    const tool = defineTool({
      name: "sh",
      description: "Run a command (test).",
      kind: "execute",
      sandboxed: true,
      command: (args) => args.cmd,
      parameters: z.object({ cmd: z.string(), justification: z.string().optional() }),
      execute: async () => ({ content: "ran" }),
    }) as AnyTool;
    await gate.check({ callId: "1", tool, args: { cmd: PUSH }, cwd: ws.ws });
    const decision = await gate.check({
      callId: "2",
      tool,
      args: { cmd: PUSH, justification: "asked" },
      cwd: ws.ws,
    });
    expect(decision.action).toBe("deny");
    expect(decision.action === "deny" && decision.reason).toContain("may run only in its safer form");
    await gate.close?.();
  });

  it("through the agent: the tool runs the rewritten command and tool_call_started shows it", async () => {
    ws = await diverged();
    fake = await startFakeModel();
    const justification = "the user asked to overwrite the remote";
    fake.enqueue(
      { kind: "reply", toolCalls: [{ name: "run", arguments: { command: PUSH } }] },
      { kind: "reply", toolCalls: [{ name: "run", arguments: { command: PUSH, justification } }] },
      { kind: "reply", text: "pushed" },
    );
    const { tool, ran } = recordingShell();
    const events = await runGatedTurn({ fake, ws, mode: "full", tools: [tool] });
    expect(ran).toHaveLength(1);
    expect(ran[0]).toContain("--force-with-lease=main:");
    const started = ofType(events, "tool_call_started");
    expect(started.map((e) => (e.arguments as { command: string }).command)).toEqual([PUSH, ran[0]]);
    expect(started[1]?.kind).toBe("execute");
    // The history keeps what the model sent: the next request carries the justified call as it was made.
    const body = fake.requests[2]?.body as { messages: { content: unknown }[] };
    const uses = body.messages.flatMap((m) =>
      Array.isArray(m.content) ? m.content.filter((b: { type?: string }) => b.type === "tool_use") : [],
    );
    expect(uses.map((u: { input: unknown }) => u.input)).toEqual([
      { command: PUSH },
      { command: PUSH, justification },
    ]);
  });
});
