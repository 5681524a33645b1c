/**
 * The session's tool set: each model gets one of the two editing tools (by its `editFormat`), and every tool
 * declares what it does, so the gate and the front ends never need its name (an `edit` tool declares its paths,
 * the command tool its command and sandbox).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { createToolSet } from "../../src/app/tool-set.ts";
import { testModel } from "../support/scripted-client.ts";

let cwd: string | undefined;
afterEach(() => {
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

const model = (editFormat: "edit" | "apply_patch") =>
  testModel("test/m", { capabilities: { tools: true, reasoning: false, images: false, editFormat } });

it("gives a model the editing tool of its format, and the rest of the set", () => {
  cwd = mkdtempSync(join(tmpdir(), "tandem-tool-set-"));
  const set = createToolSet({ cwd });
  const names = (format: "edit" | "apply_patch") => set.toolsFor(model(format)).map((t) => t.name);
  expect(names("edit")).toEqual(["shell", "read", "write", "edit", "grep", "find", "ls", "todo"]);
  expect(names("apply_patch")).toEqual([
    "shell",
    "read",
    "write",
    "apply_patch",
    "grep",
    "find",
    "ls",
    "todo",
  ]);
});

it("declares each tool's kind, an edit tool's paths and the command tool's command and sandbox", () => {
  cwd = mkdtempSync(join(tmpdir(), "tandem-tool-set-"));
  const kinds = Object.fromEntries(createToolSet({ cwd }).tools.map((t) => [t.name, t.kind]));
  expect(kinds).toEqual({
    shell: "execute",
    read: "read",
    write: "edit",
    edit: "edit",
    apply_patch: "edit",
    grep: "search",
    find: "search",
    ls: "search",
    todo: "think",
  });
  for (const tool of createToolSet({ cwd }).tools) {
    if (tool.kind === "edit") expect(tool.paths, tool.name).toBeTypeOf("function");
    if (tool.kind === "execute") expect([tool.sandboxed, typeof tool.command]).toEqual([true, "function"]);
    expect(tool.readOnly, `${tool.name} takes read-only from its kind`).toBeUndefined();
  }
});
