/** The safety gate on its own, with real files: symlinks resolved for file tools, approve-always, the guard first. */

import { mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AnyTool } from "../../src/core/tool.ts";
import type { PermissionMode } from "../../src/protocol/permissions.ts";
import { createSafetyGate } from "../../src/safety/gate.ts";
import { createFileState } from "../../src/tools/file-state.ts";
import { createShellTool } from "../../src/tools/shell.ts";
import { createWriteTool } from "../../src/tools/write.ts";

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function setup(mode: PermissionMode) {
  dir = await mkdtemp(join(tmpdir(), "tandem-gate-"));
  const workspace = join(dir, "ws");
  const elsewhere = join(dir, "elsewhere");
  await mkdir(workspace);
  await mkdir(elsewhere);
  const gate = createSafetyGate({ mode, workspace, trashDir: join(dir, "trash") });
  const shell = createShellTool() as AnyTool;
  const write = createWriteTool({ fileState: createFileState({ cwd: workspace }) }) as AnyTool;
  return { gate, workspace, elsewhere, shell, write };
}

describe("safety gate", () => {
  it("treats a write through a symlink that leads outside the workspace as outside", async () => {
    const { gate, workspace, elsewhere, write } = await setup("auto");
    await symlink(elsewhere, join(workspace, "link"));
    const inside = await gate.check({
      callId: "1",
      tool: write,
      args: { path: "a.txt", content: "" },
      cwd: workspace,
    });
    expect(inside.action).toBe("allow");
    const via = await gate.check({
      callId: "2",
      tool: write,
      args: { path: "link/a.txt", content: "" },
      cwd: workspace,
    });
    expect(via.action).toBe("deny");
    expect(via.action === "deny" && via.reason).toContain("outside the workspace");
  });

  it("remembers approve-always for a command, but never lets it skip the guard", async () => {
    const { gate, workspace, shell } = await setup("ask");
    const call = { callId: "1", tool: shell, args: { command: "npm  test" }, cwd: workspace };
    expect((await gate.check(call)).action).toBe("ask");
    gate.remember?.(call);
    expect((await gate.check({ ...call, callId: "2", args: { command: "npm test" } })).action).toBe("allow");
    expect((await gate.check({ ...call, callId: "3", args: { command: "npm run build" } })).action).toBe(
      "ask",
    );
    const rm1 = { callId: "4", tool: shell, args: { command: "rm -rf build" }, cwd: workspace };
    gate.remember?.(rm1);
    const guarded = await gate.check(rm1);
    expect(guarded.action).toBe("deny");
    expect(guarded.action === "deny" && guarded.reason).toContain("justification");
  });

  it("asks the model to stop and think even when the first call already carries a justification", async () => {
    const { gate, workspace, shell } = await setup("full");
    const args = { command: "rm -rf build", justification: "because" };
    const first = await gate.check({ callId: "1", tool: shell, args, cwd: workspace });
    expect(first.action).toBe("deny");
    const second = await gate.check({ callId: "2", tool: shell, args, cwd: workspace });
    expect(second.action).toBe("allow");
  });

  it("refuses an irreversible command in auto mode, asks in ask mode after stop-and-think", async () => {
    const auto = await setup("auto");
    const mkfs = {
      callId: "1",
      tool: auto.shell,
      args: { command: "mkfs.ext4 /dev/sdz" },
      cwd: auto.workspace,
    };
    const refused = await auto.gate.check(mkfs);
    expect(refused.action === "deny" && refused.reason).toContain("auto mode never runs");
    await rm(dir as string, { recursive: true, force: true });
    const ask = await setup("ask");
    const call = {
      callId: "1",
      tool: ask.shell,
      args: { command: "mkfs.ext4 /dev/sdz" },
      cwd: ask.workspace,
    };
    expect((await ask.gate.check(call)).action).toBe("deny");
    const again = await ask.gate.check({
      ...call,
      callId: "2",
      args: { ...call.args, justification: "wipe" },
    });
    expect(again).toMatchObject({ action: "ask", risk: "destructive" });
  });

  it("stop-and-think says what the justified re-issue will do, in each mode, and the gate then does it", async () => {
    const cases = [
      { mode: "ask", command: "rm -rf build", says: "user's explicit yes", reissue: "ask" },
      { mode: "auto", command: "rm -rf build", says: "runs without asking the user", reissue: "allow" },
      { mode: "full", command: "rm -rf build", says: "runs without asking the user", reissue: "allow" },
      {
        mode: "ask",
        command: "mkfs.ext4 /dev/sdz",
        says: "cannot be backed up, so it will run only after the user's explicit yes",
        reissue: "ask",
      },
      {
        mode: "full",
        command: "mkfs.ext4 /dev/sdz",
        says: "cannot be backed up, and in full mode it then runs without asking",
        reissue: "allow",
      },
      {
        mode: "full",
        command: "rm -rf ~/.cache/x",
        says: "in every mode it will also need the user's explicit yes",
        reissue: "ask",
      },
    ] as const;
    for (const c of cases) {
      const { gate, workspace, shell } = await setup(c.mode);
      await mkdir(join(workspace, "build"));
      const call = { callId: "1", tool: shell, args: { command: c.command }, cwd: workspace };
      const first = await gate.check(call);
      const reason = first.action === "deny" ? first.reason : "";
      expect(reason, `${c.mode}: ${c.command}`).toContain(c.says);
      // The promise holds: "runs without asking" never comes with a question, "explicit yes" always does.
      if (c.reissue === "allow") expect(reason).not.toContain("explicit yes");
      const again = await gate.check({
        ...call,
        callId: "2",
        args: { ...call.args, justification: "needed" },
      });
      expect(again.action, `${c.mode}: ${c.command}`).toBe(c.reissue);
      await rm(dir as string, { recursive: true, force: true });
    }
  });
});
