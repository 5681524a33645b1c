/**
 * A tool whose effects tandem does not know (kind `other`, or `execute` outside the sandbox, as MCP tools
 * will be), passed into a real agent with the real gate, its calls made by the fake model server: asked in
 * ask, in auto run only when it declares itself read-only or the user's rule allows it (otherwise refused with
 * how to allow it), run in full. Before kinds, any tool but the file tools and the shell ran unasked in auto.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { type AnyTool, defineTool } from "../../src/core/tool.ts";
import { loadRules } from "../../src/safety/rules/index.ts";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import { type GatedWorkspace, gatedWorkspace, ofType, runGatedTurn } from "../support/gated-agent.ts";

let fake: FakeModelServer | undefined;
let ws: GatedWorkspace | undefined;
afterEach(async () => {
  fake?.close();
  await ws?.remove();
  fake = undefined;
  ws = undefined;
});

/** A custom tool that counts its runs, so a test sees whether it ran (not only what the events say). */
function countingTool(name: string, declared: Partial<Pick<AnyTool, "kind" | "readOnly" | "sandboxed">>) {
  const runs: unknown[] = [];
  const tool = defineTool({
    name,
    description: `${name} (test)`,
    kind: declared.kind ?? "other",
    ...(declared.readOnly !== undefined ? { readOnly: declared.readOnly } : {}),
    ...(declared.sandboxed !== undefined ? { sandboxed: declared.sandboxed } : {}),
    parameters: z.object({ target: z.string() }),
    execute: async (args) => {
      runs.push(args);
      return { content: `${name} ran on ${args.target}` };
    },
  });
  return { tool: tool as AnyTool, runs };
}

async function turnWith(
  mode: "ask" | "auto" | "full",
  tool: AnyTool,
  extra: { approve?: "approve" | "deny"; rules?: Awaited<ReturnType<typeof loadRules>> } = {},
) {
  fake = await startFakeModel();
  ws = await gatedWorkspace();
  fake.enqueue(
    { kind: "reply", toolCalls: [{ name: tool.name, arguments: { target: "prod" } }] },
    { kind: "reply", text: "done" },
  );
  return runGatedTurn({
    fake,
    ws,
    mode,
    tools: [tool],
    ...(extra.approve ? { approve: extra.approve } : {}),
    ...(extra.rules ? { gate: { rules: extra.rules } } : {}),
  });
}

describe("a tool of kind other that changes things", () => {
  it("auto: refused with a readable reason and how to allow it; it did not run", async () => {
    const { tool, runs } = countingTool("deploy", { kind: "other" });
    const events = await turnWith("auto", tool);
    expect(runs).toHaveLength(0);
    const [done] = ofType(events, "tool_call_finished");
    expect(done?.status).toBe("denied");
    expect(done?.kind).toBe("other");
    expect(done?.refusal?.reason).toContain("deploy is a tool whose effects tandem cannot check");
    expect(done?.refusal?.reason).toContain(
      "auto mode runs such a tool only when it declares itself read-only",
    );
    const hints = done?.refusal?.how_to_allow.join("\n") ?? "";
    expect(hints).toContain('[[rules]]\ntool = "deploy"\naction = "allow"');
    expect(hints).toContain("--mode full");
    expect(ofType(events, "turn_finished")[0]?.refused).toBe(1);
    // The model is told too, so it can pass the way to allow it on.
    expect(done?.content).toContain('tool = "deploy"');
  });

  it("auto: runs when the user's rules allow it; a project's rule cannot", async () => {
    const dir = await gatedWorkspace();
    try {
      const user = join(dir.root, "user-rules.toml");
      const project = join(dir.root, "project-rules.toml");
      await writeFile(user, '[[rules]]\ntool = "deploy"\naction = "allow"\n');
      await writeFile(project, '[[rules]]\ntool = "deploy"\naction = "allow"\n');
      const byUser = countingTool("deploy", { kind: "other" });
      await turnWith("auto", byUser.tool, { rules: await loadRules({ user }) });
      expect(byUser.runs).toEqual([{ target: "prod" }]);
      fake?.close();
      await ws?.remove();

      const byProject = countingTool("deploy", { kind: "other" });
      const events = await turnWith("auto", byProject.tool, { rules: await loadRules({ project }) });
      expect(byProject.runs).toHaveLength(0);
      expect(ofType(events, "tool_call_finished")[0]?.status).toBe("denied");
    } finally {
      await dir.remove();
    }
  });

  it("auto: a user's deny rule refuses it, naming the rule", async () => {
    const dir = await gatedWorkspace();
    try {
      const user = join(dir.root, "rules.toml");
      await writeFile(user, '[[rules]]\ntool = "deploy"\naction = "deny"\n');
      const { tool, runs } = countingTool("deploy", { kind: "other" });
      const events = await turnWith("full", tool, { rules: await loadRules({ user }) });
      expect(runs).toHaveLength(0);
      expect(ofType(events, "tool_call_finished")[0]?.refusal?.reason).toContain("denied by user rule #1");
    } finally {
      await dir.remove();
    }
  });

  it("ask: the user is asked, and it runs once approved", async () => {
    const { tool, runs } = countingTool("deploy", { kind: "other" });
    const events = await turnWith("ask", tool, { approve: "approve" });
    const [asked] = ofType(events, "approval_requested");
    expect(asked).toMatchObject({ tool: "deploy", risk: "unknown", summary: "Run deploy" });
    expect(runs).toHaveLength(1);
    // The call is announced once the gate has decided, before the question about it.
    const order = events
      .map((e) => e.type)
      .filter((t) => t.startsWith("tool_call") || t === "approval_requested");
    expect(order).toEqual(["tool_call_started", "approval_requested", "tool_call_finished"]);
  });

  it("ask with nobody to answer: refused with how to allow it", async () => {
    const { tool, runs } = countingTool("deploy", { kind: "other" });
    const events = await turnWith("ask", tool);
    expect(runs).toHaveLength(0);
    const [done] = ofType(events, "tool_call_finished");
    expect(done?.status).toBe("denied");
    expect(done?.refusal?.how_to_allow.join("\n")).toContain('tool = "deploy"');
  });

  it("full: runs unasked", async () => {
    const { tool, runs } = countingTool("deploy", { kind: "other" });
    const events = await turnWith("full", tool);
    expect(runs).toHaveLength(1);
    expect(ofType(events, "approval_requested")).toHaveLength(0);
    expect(ofType(events, "tool_call_started")[0]?.kind).toBe("other");
  });
});

describe("a tool of kind other that declares itself read-only", () => {
  it("auto: runs unasked", async () => {
    const { tool, runs } = countingTool("lookup", { kind: "other", readOnly: true });
    await turnWith("auto", tool);
    expect(runs).toHaveLength(1);
  });

  it("ask: still asked (tandem cannot check the claim)", async () => {
    const { tool, runs } = countingTool("lookup", { kind: "other", readOnly: true });
    const events = await turnWith("ask", tool);
    expect(runs).toHaveLength(0);
    expect(ofType(events, "tool_call_finished")[0]?.refusal?.reason).toContain(
      "ask mode asks before running it",
    );
  });
});

describe("a command tool", () => {
  it("auto: one that runs outside the sandbox is refused", async () => {
    const { tool, runs } = countingTool("remote_exec", { kind: "execute" });
    const events = await turnWith("auto", tool);
    expect(runs).toHaveLength(0);
    expect(ofType(events, "tool_call_finished")[0]?.refusal?.reason).toContain(
      "kind execute, run outside the sandbox",
    );
  });

  it("auto: one that says it is sandboxed but does not say what it runs is refused too", async () => {
    const { tool, runs } = countingTool("remote_exec", { kind: "execute", sandboxed: true });
    await turnWith("auto", tool);
    expect(runs).toHaveLength(0);
  });
});

describe("a tool of a read-only kind", () => {
  it("ask: runs unasked, whatever its name", async () => {
    const { tool, runs } = countingTool("peek", { kind: "search" });
    const events = await turnWith("ask", tool);
    expect(runs).toHaveLength(1);
    expect(ofType(events, "tool_call_started")[0]?.kind).toBe("search");
  });
});
