/**
 * Conformance suite: every folder under scenarios/ holds `input/` (a workspace), `patch`, and either
 * `expected/` (the whole tree after applying, byte-exact) or `expect-error` (substrings the error must name;
 * the tree must stay exactly as `input/`). `options.json` `{ "tool": true, "read": [...] }` runs the patch
 * through the apply_patch tool with those files read in the session (the file-state guard); otherwise
 * through `applyPatchText`.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { cp, readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { applyPatchText } from "../../../src/tools/apply-patch/apply.ts";
import { createApplyPatchTool } from "../../../src/tools/apply-patch/tool.ts";
import { createFileState } from "../../../src/tools/file-state.ts";
import { makeContext, makeTempDir, removeDir } from "../tool-support.ts";

const root = join(import.meta.dirname, "scenarios");
const names = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

/** Every file under `dir` (relative path → bytes); `.keep` placeholders are ignored. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string) => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) await walk(p);
      else if (entry.name !== ".keep") out[relative(dir, p)] = (await readFile(p)).toString("hex");
    }
  };
  await walk(dir);
  return out;
}

interface ScenarioOptions {
  tool?: boolean;
  read?: string[];
}

describe("apply_patch conformance scenarios", () => {
  const temps: string[] = [];
  afterEach(async () => {
    await Promise.all(temps.splice(0).map(removeDir));
  });

  it("has at least 25 scenarios", () => {
    expect(names.length).toBeGreaterThanOrEqual(25);
  });

  it.each(names)("%s", async (name) => {
    const dir = join(root, name);
    const parent = await makeTempDir("tandem-patch-");
    temps.push(parent);
    const cwd = join(parent, "ws");
    await cp(join(dir, "input"), cwd, { recursive: true });
    const patch = readFileSync(join(dir, "patch"), "utf8");
    const options: ScenarioOptions = existsSync(join(dir, "options.json"))
      ? JSON.parse(readFileSync(join(dir, "options.json"), "utf8"))
      : {};

    let error: string | undefined;
    if (options.tool) {
      const fileState = createFileState();
      for (const rel of options.read ?? [])
        fileState.recordRead(join(cwd, rel), await readFile(join(cwd, rel)));
      const result = await createApplyPatchTool({ fileState }).execute(
        { input: patch },
        makeContext(cwd).ctx,
      );
      if (result.isError) error = result.content;
    } else {
      const result = await applyPatchText(patch, { cwd });
      if (!result.ok) error = result.error;
    }

    const after = await snapshot(cwd);
    if (existsSync(join(dir, "expected"))) {
      expect(error).toBeUndefined();
      expect(after).toEqual(await snapshot(join(dir, "expected")));
    } else {
      expect(error, "the patch should have been refused").toBeDefined();
      for (const needle of readFileSync(join(dir, "expect-error"), "utf8").split("\n").filter(Boolean)) {
        expect(error?.toLowerCase()).toContain(needle.toLowerCase());
      }
      expect(after).toEqual(await snapshot(join(dir, "input")));
      // Nothing may have been written next to the workspace either (escape attempts).
      expect(await readdir(parent)).toEqual(["ws"]);
    }
  });
});
