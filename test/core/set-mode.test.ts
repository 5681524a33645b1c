/**
 * `set_mode` through a real agent and the real safety gate with the real shell tool in a temp workspace: a call
 * that asks in one mode runs without asking in another (and the other way round), a switch during a turn
 * applies from the next call, and a session that cannot switch says so without throwing.
 */

import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AnyTool } from "../../src/core/tool.ts";
import type { PermissionMode } from "../../src/protocol/permissions.ts";
import { createSafetyGate } from "../../src/safety/gate.ts";
import { createShellTool } from "../../src/tools/shell.ts";
import { startAgent } from "./harness.ts";

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function workspace(mode: PermissionMode) {
  dir = await mkdtemp(join(tmpdir(), "tandem-set-mode-"));
  const ws = join(dir, "ws");
  await mkdir(ws);
  const gate = createSafetyGate({ mode, workspace: ws, trashDir: join(dir, "trash") });
  return { ws, gate, shell: createShellTool() as AnyTool };
}

const shell = (command: string) => ({ toolCalls: [{ name: "shell", arguments: { command } }] });

describe("set_mode", () => {
  it("ask → auto: the call waiting for approval still waits; the next write runs without asking", async () => {
    const { ws, gate, shell: tool } = await workspace("ask");
    const h = startAgent({
      cwd: ws,
      tools: [tool],
      gate,
      interactive: true,
      script: [shell("printf a > a.txt"), shell("printf b > b.txt"), { text: "done" }],
    });
    h.agent.submit({ type: "user_input", text: "write two files" });
    const asked = await h.waitFor("approval_requested");
    h.agent.submit({ type: "set_mode", mode: "auto" });
    expect(await h.waitFor("mode_changed")).toMatchObject({
      type: "mode_changed",
      mode: "auto",
      agent_id: "main",
    });
    // The switch does not answer the pending question: nothing ran yet.
    expect(h.ofType("tool_call_finished")).toHaveLength(0);
    expect(existsSync(join(ws, "a.txt"))).toBe(false);
    h.agent.submit({ type: "approval", call_id: asked.call_id, decision: "approve" });
    await h.finish();
    expect(h.ofType("approval_requested")).toHaveLength(1);
    expect(h.ofType("tool_call_finished").map((e) => e.status)).toEqual(["ok", "ok"]);
    expect(existsSync(join(ws, "b.txt"))).toBe(true);
    expect(gate.mode()).toBe("auto");
  });

  it("auto → full: an unknown command that asks in auto runs without asking in full", async () => {
    const { ws, gate, shell: tool } = await workspace("auto");
    const h = startAgent({
      cwd: ws,
      tools: [tool],
      gate,
      interactive: true,
      script: [
        shell("tandem-no-such-tool --x; printf u > u.txt"),
        { text: "one" },
        shell("tandem-no-such-tool --x; printf u > u.txt"),
        { text: "two" },
      ],
    });
    h.agent.submit({ type: "user_input", text: "first" });
    const asked = await h.waitFor("approval_requested");
    expect(asked.risk).toBe("unknown");
    h.agent.submit({ type: "approval", call_id: asked.call_id, decision: "deny" });
    await h.waitFor("turn_finished");
    expect(existsSync(join(ws, "u.txt"))).toBe(false);
    h.agent.submit({ type: "set_mode", mode: "full" });
    h.agent.submit({ type: "user_input", text: "second" });
    await h.finish();
    expect(h.ofType("mode_changed").map((e) => e.mode)).toEqual(["full"]);
    expect(h.ofType("approval_requested")).toHaveLength(1);
    expect(h.ofType("tool_call_finished").map((e) => e.status)).toEqual(["denied", "ok"]);
    expect(existsSync(join(ws, "u.txt"))).toBe(true);
  });

  it("auto → ask during a running command: it finishes unasked, the next write asks", async () => {
    const { ws, gate, shell: tool } = await workspace("auto");
    const h = startAgent({
      cwd: ws,
      tools: [tool],
      gate,
      interactive: true,
      script: [shell("sleep 0.4; printf a > a.txt"), shell("printf b > b.txt"), { text: "done" }],
    });
    h.agent.submit({ type: "user_input", text: "go" });
    await h.waitFor("tool_call_started");
    h.agent.submit({ type: "set_mode", mode: "ask" });
    await h.waitFor("mode_changed");
    const asked = await h.waitFor("approval_requested");
    expect(asked.summary).toContain("printf b > b.txt");
    expect(h.ofType("tool_call_finished")[0]?.status).toBe("ok");
    expect(existsSync(join(ws, "a.txt"))).toBe(true);
    expect(existsSync(join(ws, "b.txt"))).toBe(false);
    h.agent.submit({ type: "approval", call_id: asked.call_id, decision: "deny" });
    await h.finish();
    expect(existsSync(join(ws, "b.txt"))).toBe(false);
    expect(h.ofType("approval_requested")).toHaveLength(1);
  });

  it("full → ask between turns: a write that ran unasked now asks", async () => {
    const { ws, gate, shell: tool } = await workspace("full");
    const h = startAgent({
      cwd: ws,
      tools: [tool],
      gate,
      interactive: true,
      script: [shell("printf a > a.txt"), { text: "one" }, shell("printf b > b.txt"), { text: "two" }],
    });
    h.agent.submit({ type: "user_input", text: "first" });
    await h.waitFor("turn_finished");
    expect(h.ofType("approval_requested")).toHaveLength(0);
    h.agent.submit({ type: "set_mode", mode: "ask" });
    h.agent.submit({ type: "user_input", text: "second" });
    const asked = await h.waitFor("approval_requested");
    expect(asked.summary).toContain("printf b > b.txt");
    h.agent.submit({ type: "approval", call_id: asked.call_id, decision: "approve" });
    await h.finish();
    expect(existsSync(join(ws, "b.txt"))).toBe(true);
  });

  it("applies switches in the order sent", async () => {
    const { gate, shell: tool, ws } = await workspace("ask");
    const h = startAgent({ cwd: ws, tools: [tool], gate, interactive: true });
    for (const mode of ["auto", "full", "ask", "auto"] as const) h.agent.submit({ type: "set_mode", mode });
    await h.finish();
    expect(h.ofType("mode_changed").map((e) => e.mode)).toEqual(["auto", "full", "ask", "auto"]);
    expect(gate.mode()).toBe("auto");
  });

  it("without a gate, or for an unknown mode, reports an error and keeps working", async () => {
    const h = startAgent({ script: [{ text: "still here" }] });
    h.agent.submit({ type: "set_mode", mode: "auto" });
    h.agent.submit({ type: "set_mode", mode: "yolo" as "auto" });
    h.agent.submit({ type: "user_input", text: "hi" });
    await h.finish();
    const errors = h.ofType("error");
    expect(errors.map((e) => [e.code, e.fatal])).toEqual([
      ["mode_unavailable", false],
      ["unknown_mode", false],
    ]);
    expect(errors[0]?.message).toContain("cannot switch its permission mode");
    expect(errors[1]?.message).toContain('unknown permission mode "yolo"');
    expect(h.ofType("mode_changed")).toHaveLength(0);
    expect(h.ofType("turn_finished")[0]?.status).toBe("done");
  });

  it("a gate that refuses or throws leaves the mode and reports why", async () => {
    const h = startAgent({
      gate: {
        check: async () => ({ action: "allow" }),
        setMode: (mode) =>
          mode === "full" ? { ok: false, reason: "full is off here" } : Promise.reject(new Error("boom")),
      },
    });
    h.agent.submit({ type: "set_mode", mode: "full" });
    h.agent.submit({ type: "set_mode", mode: "auto" });
    await h.finish();
    expect(h.ofType("error").map((e) => e.message)).toEqual([
      "cannot switch to full mode: full is off here. The mode was not changed.",
      "cannot switch to auto mode: boom. The mode was not changed.",
    ]);
    expect(h.ofType("session_finished")).toHaveLength(1);
  });
});
