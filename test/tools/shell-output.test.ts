import { readFileSync, writeFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createShellTool } from "../../src/tools/shell.ts";
import { makeContext, makeTempDir, removeDir } from "./tool-support.ts";

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

describe("shell output cap", () => {
  it("caps long output to head and tail and saves the full output to a file", async () => {
    const shell = createShellTool({ outputDir: dir, cap: { maxLines: 20 } });
    const r = await shell.execute({ command: "seq 1 1000" }, makeContext(dir).ctx);
    const lines = r.content.split("\n");
    expect(lines.slice(0, 3)).toEqual(["1", "2", "3"]);
    expect(r.content).toContain("1000\n[exit code 0]");
    expect(r.content).toMatch(/\[… \d+ lines \(\d+ bytes\) omitted …\]/);
    expect(r.content).not.toContain("\n500\n");
    expect(r.details?.truncated).toBe(true);
    const full = r.details?.full_output_path;
    expect(full).toBeDefined();
    expect(r.content).toContain(`saved to ${full}`);
    const saved = readFileSync(full ?? "", "utf8");
    expect(saved.split("\n").length).toBe(1001);
    expect(saved).toContain("\n500\n");
  });

  it("spills very large output to the file without holding it all, keeping head and tail", async () => {
    const shell = createShellTool({ outputDir: dir, memoryLimit: 64 * 1024, cap: { maxLines: 20 } });
    const r = await shell.execute({ command: "seq 1 200000" }, makeContext(dir).ctx);
    expect(r.content.startsWith("1\n2\n3\n")).toBe(true);
    expect(r.content).toContain("200000\n[exit code 0]");
    expect(r.content).toMatch(/\[… \d+ lines \(\d+ bytes\) omitted …\]/);
    const saved = readFileSync(r.details?.full_output_path ?? "", "utf8");
    expect(saved.split("\n").length).toBe(200001);
    expect(Buffer.byteLength(saved)).toBe(1288895);
  });

  it("creates a missing output dir, and says so when the full output cannot be saved", async () => {
    const nested = await createShellTool({ outputDir: `${dir}/a/b`, cap: { maxLines: 5 } }).execute(
      { command: "seq 1 50" },
      makeContext(dir).ctx,
    );
    expect(readFileSync(nested.details?.full_output_path ?? "", "utf8")).toContain("\n25\n");
    writeFileSync(`${dir}/file`, "");
    for (const memoryLimit of [undefined, 64]) {
      const shell = createShellTool({ outputDir: `${dir}/file/sub`, cap: { maxLines: 5 }, memoryLimit });
      const r = await shell.execute({ command: "seq 1 500" }, makeContext(dir).ctx);
      expect(r.details?.truncated).toBe(true);
      expect(r.details?.full_output_path).toBeUndefined();
      expect(r.content).toContain("500\n[exit code 0]\n[the full output could not be saved: ");
    }
  });

  it("keeps short output whole and saves nothing", async () => {
    const shell = createShellTool({ outputDir: dir });
    const r = await shell.execute({ command: "seq 1 5" }, makeContext(dir).ctx);
    expect(r.details?.truncated).toBe(false);
    expect(r.details?.full_output_path).toBeUndefined();
  });
});
