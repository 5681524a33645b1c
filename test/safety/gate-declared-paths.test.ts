/**
 * The gate checks the paths a tool declares (`Tool.paths`), not a list of tool names: a custom tool of kind
 * `edit` is held to the same workspace and protected-path rules as `write`; `write`'s `~/…` is the home folder
 * the tool really writes (the gate used to resolve it inside the workspace); apply_patch's paths come from its
 * parsed patch, and approve-always covers the paths approved, not every later patch.
 */
import { homedir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { type AnyTool, defineTool } from "../../src/core/tool.ts";
import { createSafetyGate } from "../../src/safety/gate.ts";
import { createApplyPatchTool } from "../../src/tools/apply-patch/tool.ts";
import { createFileState } from "../../src/tools/file-state.ts";
import { resolvePath } from "../../src/tools/paths.ts";
import { createWriteTool } from "../../src/tools/write.ts";
import { type GatedWorkspace, gatedWorkspace } from "../support/gated-agent.ts";

let ws: GatedWorkspace | undefined;
afterEach(async () => {
  await ws?.remove();
  ws = undefined;
});

async function gateIn(mode: "ask" | "auto" | "full") {
  ws = await gatedWorkspace();
  const gate = createSafetyGate({ mode, workspace: ws.ws, trashDir: join(ws.root, "trash") });
  return { gate, cwd: ws.ws };
}

const saveNote = defineTool({
  name: "save_note",
  description: "Save a note (test).",
  kind: "edit",
  parameters: z.object({ file: z.string(), text: z.string() }),
  paths: (args, ctx) => ({ reads: [], writes: [resolvePath(ctx.cwd, args.file)] }),
  execute: async () => ({ content: "saved" }),
}) as AnyTool;

describe("the gate reads a tool's declared paths", () => {
  it("a custom edit tool: inside the workspace runs in auto, a protected path and outside are refused", async () => {
    const { gate, cwd } = await gateIn("auto");
    const check = (file: string) =>
      gate.check({ callId: file, tool: saveNote, args: { file, text: "x" }, cwd });
    expect((await check("notes/today.md")).action).toBe("allow");
    const hook = await check(".git/hooks/pre-commit");
    expect(hook.action).toBe("deny");
    expect(hook.action === "deny" && hook.reason).toContain("save_note would change a protected path");
    const outside = await check("../elsewhere.md");
    expect(outside.action === "deny" && outside.reason).toContain("outside the workspace");
  });

  it("write to ~/… is outside the workspace", async () => {
    const { gate, cwd } = await gateIn("auto");
    const write = createWriteTool({ fileState: createFileState({ cwd }) }) as AnyTool;
    const decision = await gate.check({
      callId: "1",
      tool: write,
      args: { path: "~/x.txt", content: "" },
      cwd,
    });
    expect(decision.action).toBe("deny");
    expect(decision.action === "deny" && decision.reason).toContain(join(homedir(), "x.txt"));
  });

  it("apply_patch: a moved-to path outside the workspace is seen; approve-always covers only the approved files", async () => {
    const { gate, cwd } = await gateIn("ask");
    const patch = createApplyPatchTool({ fileState: createFileState({ cwd }) }) as AnyTool;
    const body = (lines: string[]) => ({ input: ["*** Begin Patch", ...lines, "*** End Patch"].join("\n") });
    const moving = body(["*** Update File: a.txt", "*** Move to: ../away.txt", "@@", "-a", "+b"]);
    const moved = await gate.check({ callId: "1", tool: patch, args: moving, cwd });
    expect(moved).toMatchObject({ action: "ask", risk: "destructive" });

    const first = { callId: "2", tool: patch, args: body(["*** Add File: a.txt", "+a"]), cwd };
    expect((await gate.check(first)).action).toBe("ask");
    gate.remember?.(first);
    expect((await gate.check({ ...first, callId: "3" })).action).toBe("allow");
    const other = { callId: "4", tool: patch, args: body(["*** Add File: b.txt", "+b"]), cwd };
    expect((await gate.check(other)).action).toBe("ask");
  });
});
