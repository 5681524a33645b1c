/**
 * File tools cannot change what the sandbox protects (issue #9 item 3): git hooks and config, git metadata,
 * `.tandem`, a `core.hooksPath` folder, also through a symlink. Refused in auto with a reason the model reads;
 * asked in ask and full (the user can approve). The tools really run after an allow, so "allow" is checked too.
 */

import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AnyTool } from "../../src/core/tool.ts";
import type { PermissionMode } from "../../src/protocol/permissions.ts";
import { createSafetyGate } from "../../src/safety/gate.ts";
import { createApplyPatchTool } from "../../src/tools/apply-patch/tool.ts";
import { createEditTool } from "../../src/tools/edit.ts";
import { createFileState } from "../../src/tools/file-state.ts";
import { createWriteTool } from "../../src/tools/write.ts";

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function setup(mode: PermissionMode) {
  dir = await mkdtemp(join(tmpdir(), "tandem-gate-protected-"));
  const workspace = join(dir, "ws");
  await mkdir(workspace);
  execFileSync("git", ["init", "-q", workspace]);
  const gate = createSafetyGate({ mode, workspace, trashDir: join(dir, "trash") });
  const fileState = createFileState({ cwd: workspace });
  const tools = {
    write: createWriteTool({ fileState }) as AnyTool,
    edit: createEditTool({ fileState }) as AnyTool,
    patch: createApplyPatchTool({ fileState }) as AnyTool,
  };
  let n = 0;
  const check = (tool: AnyTool, args: Record<string, unknown>) =>
    gate.check({ callId: String(++n), tool, args, cwd: workspace });
  return { gate, workspace, tools, check };
}

describe("file tools and the sandbox's protected paths", () => {
  it("refuses in auto: hooks, git config, other git metadata, .tandem config and rules", async () => {
    const { tools, check } = await setup("auto");
    const attempts = [
      check(tools.write, { path: ".git/hooks/pre-commit", content: "#!/bin/sh\ntouch /tmp/pwned\n" }),
      check(tools.edit, { path: ".git/config", old_string: "[core]", new_string: "[core]\n\tfsmonitor = x" }),
      check(tools.write, { path: ".git/commondir", content: "/elsewhere\n" }),
      check(tools.write, { path: ".git/info/attributes", content: "* filter=x\n" }),
      check(tools.write, { path: ".tandem/config.toml", content: 'mode = "full"\n' }),
      check(tools.write, { path: "sub/.tandem/rules.toml", content: "" }),
      check(tools.write, { path: "vendor/lib/.git/config", content: "[core]\n\tfsmonitor = x\n" }),
      check(tools.patch, {
        input: "*** Begin Patch\n*** Add File: .git/hooks/post-checkout\n+x\n*** End Patch",
      }),
    ];
    for (const decision of await Promise.all(attempts)) {
      expect(decision.action).toBe("deny");
      expect(decision.action === "deny" && decision.reason).toMatch(/protected path.*(git|tandem)/s);
    }
    const ordinary = await check(tools.write, { path: "src/a.ts", content: "x" });
    expect(ordinary.action).toBe("allow");
  });

  it("follows symlinks, a dangling one too, into .git/hooks", async () => {
    const { workspace, tools, check } = await setup("auto");
    await symlink(join(workspace, ".git", "hooks"), join(workspace, "h"));
    await symlink(join(workspace, ".git", "hooks", "pre-push"), join(workspace, "dangling"));
    expect((await check(tools.write, { path: "h/pre-commit", content: "x" })).action).toBe("deny");
    expect((await check(tools.write, { path: "dangling", content: "x" })).action).toBe("deny");
  });

  it("protects a nested repository in a folder whose name starts with `..`", async () => {
    const { workspace, tools, check } = await setup("auto");
    execFileSync("git", ["init", "-q", join(workspace, "..vendor")]);
    const hook = await check(tools.write, { path: "..vendor/.git/hooks/pre-commit", content: "#!/bin/sh\n" });
    expect(hook.action).toBe("deny");
    expect((await check(tools.write, { path: "..vendor/.tandem/rules.toml", content: "" })).action).toBe(
      "deny",
    );
  });

  it("protects the folder core.hooksPath names (husky), as the sandbox does", async () => {
    const { workspace, tools, check } = await setup("auto");
    await mkdir(join(workspace, ".husky", "_"), { recursive: true });
    execFileSync("git", ["-C", workspace, "config", "core.hooksPath", ".husky/_"]);
    const d = await check(tools.write, { path: ".husky/pre-commit", content: "x" });
    expect(d.action).toBe("deny");
    expect(d.action === "deny" && d.reason).toContain("hooks directory");
  });

  it("asks in ask and in full mode, so the user can approve", async () => {
    for (const mode of ["ask", "full"] as const) {
      const { tools, check } = await setup(mode);
      const d = await check(tools.write, { path: ".git/hooks/pre-commit", content: "x" });
      expect(d).toMatchObject({ action: "ask", risk: "destructive" });
      await rm(dir as string, { recursive: true, force: true });
    }
    const { tools, check } = await setup("full");
    await writeFile(join(dir as string, "ws", "a.txt"), "");
    expect((await check(tools.write, { path: "a.txt", content: "x" })).action).toBe("allow");
  });
});
