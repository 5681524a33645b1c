import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool } from "../../src/core/tool.ts";
import { createApplyPatchTool } from "../../src/tools/apply-patch/tool.ts";
import { createEditTool } from "../../src/tools/edit.ts";
import { createFileState } from "../../src/tools/file-state.ts";
import { createFindTool } from "../../src/tools/find.ts";
import { createGrepTool } from "../../src/tools/grep.ts";
import { createLsTool } from "../../src/tools/ls.ts";
import { createReadTool } from "../../src/tools/read.ts";
import { createShellTool } from "../../src/tools/shell.ts";
import { buildSystemPrompt } from "../../src/tools/system-prompt.ts";

const base = { cwd: "/repo", date: "2026-11-24", os: "Linux" };

describe("buildSystemPrompt", () => {
  it("starts with tandem's identity and states the environment", () => {
    const prompt = buildSystemPrompt({ ...base, tools: [] });
    expect(prompt.startsWith("You are tandem, a coding agent in the user's terminal.")).toBe(true);
    expect(prompt).toContain(
      "- Workspace: /repo (relative paths resolve here)\n- OS: Linux\n- Date: 2026-11-24",
    );
  });

  it("includes guidelines only for tools that are present", () => {
    const shellOnly = buildSystemPrompt({ ...base, tools: [createShellTool()] });
    expect(shellOnly).toContain("shell has no stdin");
    expect(shellOnly).not.toContain("rather than shell");
    expect(shellOnly).not.toContain("Read files with read");
    expect(shellOnly).not.toContain("apply_patch");
    expect(shellOnly).not.toContain("todo");

    const explore = buildSystemPrompt({
      ...base,
      tools: [createShellTool(), createReadTool(), createGrepTool(), createFindTool(), createLsTool()],
    });
    expect(explore).toContain("Explore with grep, find and ls rather than shell");
    expect(explore).toContain("Read files with read, not cat or sed.");
    expect(explore).not.toContain("Read a file before you change it.");
    const withEdit = buildSystemPrompt({
      ...base,
      tools: [createReadTool(), createEditTool({ fileState: createFileState() })],
    });
    expect(withEdit).toContain("Read a file before you change it.");
    expect(withEdit).toContain("edit needs old_string copied exactly");
    expect(withEdit).not.toContain("apply_patch");

    const grepOnly = buildSystemPrompt({ ...base, tools: [createShellTool(), createGrepTool()] });
    expect(grepOnly).toContain("Explore with grep rather than shell");
  });

  it("puts the project instructions last", () => {
    const prompt = buildSystemPrompt({
      ...base,
      tools: [createShellTool()],
      instructions: "Use pnpm, not npm.\n",
    });
    expect(prompt.endsWith("Project instructions (AGENTS.md):\nUse pnpm, not npm.")).toBe(true);
    const none = buildSystemPrompt({ ...base, tools: [], instructions: "  \n" });
    expect(none).not.toContain("Project instructions");
  });

  it("mentions only the date and OS it was given, so a prompt is reproducible", () => {
    const a = buildSystemPrompt({ ...base, tools: [createReadTool()] });
    const b = buildSystemPrompt({ ...base, tools: [createReadTool()] });
    expect(a).toBe(b);
  });
});

describe("apply_patch reminder", () => {
  it("appears only when apply_patch is present", () => {
    const prompt = buildSystemPrompt({
      ...base,
      tools: [createApplyPatchTool({ fileState: createFileState() })],
    });
    expect(prompt).toContain("apply_patch format: `*** Begin Patch`");
    expect(prompt).toContain("end with `*** End Patch`");
    expect(prompt).not.toContain("edit needs old_string");
  });
});

describe("a tool's own guidelines", () => {
  const custom = defineTool({
    name: "deploy_preview",
    description: "Deploy a preview.",
    kind: "other",
    parameters: z.object({}),
    guidelines: "Deploy a preview only after the tests pass.",
    execute: async () => ({ content: "ok" }),
  });

  it("join the prompt only when the tool is offered, once", () => {
    const without = buildSystemPrompt({ ...base, tools: [createReadTool()] });
    expect(without).not.toContain("Deploy a preview only");
    const twice = buildSystemPrompt({
      ...base,
      tools: [createReadTool(), custom, { ...custom, name: "again" }],
    });
    expect(twice.split("- Deploy a preview only after the tests pass.").length).toBe(2);
  });

  it("name the tools of each kind present, whatever they are called", () => {
    const search = defineTool({
      name: "code_search",
      description: "Search code.",
      kind: "search",
      parameters: z.object({}),
      execute: async () => ({ content: "" }),
    });
    const prompt = buildSystemPrompt({ ...base, tools: [createShellTool(), search] });
    expect(prompt).toContain("Explore with code_search rather than shell");
  });
});
