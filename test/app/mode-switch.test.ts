/**
 * Switching the permission mode in a real session (createAgentSession / setupSafety with real bubblewrap):
 * the sandbox follows the mode unless one was chosen at start, commands spawned after the switch run in the
 * new sandbox, and a resumed session starts in the mode the user last switched to.
 */

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type AgentSession, createAgentSession } from "../../src/app/agent-session.ts";
import { createModeSwitch, switchableSandbox } from "../../src/app/mode-switch.ts";
import { setupSafety } from "../../src/app/safety-setup.ts";
import type { AnyTool } from "../../src/core/tool.ts";
import type { AgentEvent } from "../../src/protocol/events.ts";
import type { PermissionMode } from "../../src/protocol/permissions.ts";
import { createSafetyGate } from "../../src/safety/gate.ts";
import { createSandbox } from "../../src/sandbox/index.ts";
import { createShellTool } from "../../src/tools/shell.ts";
import { baseEnv, createWorkspace, fakeProviderConfig, type Workspace } from "../support/run-tandem.ts";

let ws: Workspace | undefined;
afterEach(async () => {
  await ws?.cleanup();
  ws = undefined;
});

/** Runs `sh -c script` the way the shell tool does: through the session sandbox's wrap, in the workspace. */
function run(wrap: (argv: string[], cwd?: string) => string[], cwd: string, script: string) {
  const [cmd, ...args] = wrap(["sh", "-c", script], cwd);
  return spawnSync(cmd as string, args, { cwd, encoding: "utf8" });
}

describe("mode switch: the sandbox", () => {
  it("follows the mode: full drops it for the next command, ask brings bubblewrap back", async () => {
    ws = await createWorkspace();
    const outside = join(ws.root, "outside");
    await mkdir(outside);
    const safety = await setupSafety({ home: ws.home, cwd: ws.cwd, config: {}, interactive: true });
    expect(safety.sandbox.mode).toBe("workspace-write");
    const write = `printf x > ${outside}/f.txt`;
    expect(run(safety.sandbox.wrap, ws.cwd, write).status).not.toBe(0);
    expect(existsSync(join(outside, "f.txt"))).toBe(false);

    const full = await safety.gate.setMode("full");
    expect(full).toEqual({ ok: true, mode: "full", sandbox: "no sandbox (full-access)" });
    expect(run(safety.sandbox.wrap, ws.cwd, write).status).toBe(0);
    expect(await readFile(join(outside, "f.txt"), "utf8")).toBe("x");
    await rm(join(outside, "f.txt"));

    const ask = await safety.gate.setMode("ask");
    expect(ask.ok && ask.sandbox).toMatch(/^bubblewrap: workspace-write in /);
    expect(run(safety.sandbox.wrap, ws.cwd, write).status).not.toBe(0);
    expect(existsSync(join(outside, "f.txt"))).toBe(false);
    // The gate decides in the new mode too.
    const check = await safety.gate.check({
      callId: "c1",
      tool: createShellTool() as AnyTool,
      args: { command: "printf a > a.txt" },
      cwd: ws.cwd,
    });
    expect(check.action).toBe("ask");
    // The session's end: the first checkpoint record it started in the background stops before cleanup.
    await safety.gate.close();
  });

  it("a sandbox chosen at start stays, and the switch says so", async () => {
    ws = await createWorkspace();
    const outside = join(ws.root, "outside");
    await mkdir(outside);
    const safety = await setupSafety({
      home: ws.home,
      cwd: ws.cwd,
      config: {},
      interactive: true,
      sandbox: "workspace-write",
    });
    const full = await safety.gate.setMode("full");
    expect(full.ok && full.mode).toBe("full");
    expect(full.ok && full.note).toBe(
      "the sandbox stays workspace-write, as chosen at start (--sandbox or config)",
    );
    expect(safety.sandbox.mode).toBe("workspace-write");
    expect(run(safety.sandbox.wrap, ws.cwd, `printf x > ${outside}/f.txt`).status).not.toBe(0);
    expect(existsSync(join(outside, "f.txt"))).toBe(false);
    await safety.gate.close();
  });
});

describe("mode switch: a sandbox that cannot run here", () => {
  it("full → ask keeps the mode change and the current sandbox, and says why", async () => {
    ws = await createWorkspace();
    const sandbox = switchableSandbox(createSandbox({ mode: "full-access", workspace: ws.cwd }));
    const gate = createSafetyGate({ mode: "full", workspace: ws.cwd, trashDir: join(ws.root, "trash") });
    const setMode = createModeSwitch({
      setGateMode: async (m) => gate.setMode(m),
      sandbox,
      // As on a machine without bubblewrap: the real createSandbox refuses.
      build: (mode) => createSandbox({ mode, workspace: ws?.cwd as string, bwrapPath: "/nonexistent/bwrap" }),
    });
    const result = await setMode("ask");
    expect(result.ok && result.mode).toBe("ask");
    expect(gate.mode()).toBe("ask");
    expect(result.ok && result.sandbox).toBe("no sandbox (full-access)");
    expect(result.ok && result.note).toMatch(
      /^the sandbox stays full-access: workspace-write is not available here \(bubblewrap/,
    );
    expect(sandbox.mode).toBe("full-access");
  });
});

async function open(
  workspace: Workspace,
  more: { resume?: string; mode?: PermissionMode } = {},
): Promise<{ session: AgentSession; events: AgentEvent[]; pump: Promise<void> }> {
  const session = await createAgentSession({
    env: baseEnv({ TANDEM_HOME: workspace.home, FAKE_API_KEY: "k" }),
    cwd: workspace.cwd,
    interactive: true,
    ...more,
  });
  const events: AgentEvent[] = [];
  const pump = (async () => {
    for await (const e of session.agent.subscribe()) events.push(e);
  })();
  return { session, events, pump };
}

async function close(opened: { session: AgentSession; pump: Promise<void> }) {
  opened.session.agent.submit({ type: "shutdown" });
  await opened.session.agent.done;
  await opened.pump;
}

describe("mode switch: resume", () => {
  it("a resumed session starts in the mode the user last switched to; --mode on resume replaces it", async () => {
    ws = await createWorkspace({ config: fakeProviderConfig("openai-chat", "http://127.0.0.1:9/v1") });
    const first = await open(ws);
    expect(first.session.safety.mode).toBe("ask");
    first.session.agent.submit({ type: "set_mode", mode: "auto" });
    await close(first);
    expect(first.events.find((e) => e.type === "mode_changed")).toMatchObject({ mode: "auto" });
    const id = first.session.agent.sessionId;

    const second = await open(ws, { resume: id });
    expect(second.session.safety.mode).toBe("auto");
    await close(second);

    const third = await open(ws, { resume: id, mode: "ask" });
    expect(third.session.safety.mode).toBe("ask");
    await close(third);

    const fourth = await open(ws, { resume: id });
    expect(fourth.session.safety.mode).toBe("ask");
    await close(fourth);
    const file = await readFile(join(ws.home, "sessions", `${id}.jsonl`), "utf8");
    const modes = file
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { type: string; mode?: string })
      .filter((e) => e.type === "mode_change")
      .map((e) => e.mode);
    expect(modes).toEqual(["auto", "ask"]);
  });
});
