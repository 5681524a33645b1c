import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findInstructionFiles, loadInstructions } from "../../src/core/instructions.ts";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "tandem-instr-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function tree(files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

describe("project instructions", () => {
  it("reads global, repo root down to cwd, using CLAUDE.md where a directory has no AGENTS.md", async () => {
    tree({
      "home/AGENTS.md": "global rule",
      "outside/AGENTS.md": "above the repo: ignored",
      "outside/repo/.git/HEAD": "ref: refs/heads/main\n",
      "outside/repo/AGENTS.md": "repo rule",
      "outside/repo/CLAUDE.md": "shadowed by AGENTS.md",
      "outside/repo/pkg/CLAUDE.md": "pkg rule from CLAUDE.md",
      "outside/repo/pkg/src/AGENTS.md": "src rule",
    });
    const cwd = join(root, "outside/repo/pkg/src");
    const home = join(root, "home");
    const files = await findInstructionFiles({ cwd, home });
    expect(files).toEqual([
      join(home, "AGENTS.md"),
      join(root, "outside/repo/AGENTS.md"),
      join(root, "outside/repo/pkg/CLAUDE.md"),
      join(root, "outside/repo/pkg/src/AGENTS.md"),
    ]);
    const text = await loadInstructions({ cwd, home });
    const order = ["global rule", "repo rule", "pkg rule from CLAUDE.md", "src rule"].map((t) =>
      text.indexOf(t),
    );
    expect(order.every((i, k) => i >= 0 && (k === 0 || i > (order[k - 1] as number)))).toBe(true);
    expect(text).not.toContain("ignored");
    expect(text).not.toContain("shadowed");
    expect(text).toContain("## AGENTS.md");
    expect(text).toContain("(global)");
  });

  it("uses only cwd outside a git repository", async () => {
    tree({ "a/AGENTS.md": "parent", "a/b/AGENTS.md": "child" });
    const text = await loadInstructions({ cwd: join(root, "a/b") });
    expect(text).toContain("child");
    expect(text).not.toContain("parent");
  });

  it("returns nothing when there are no files", async () => {
    mkdirSync(join(root, "empty/.git"), { recursive: true });
    expect(await loadInstructions({ cwd: join(root, "empty"), home: join(root, "nohome") })).toBe("");
  });

  it("caps the total size and notes what was cut", async () => {
    tree({
      "r/.git/HEAD": "x",
      "r/AGENTS.md": "A".repeat(3_000),
      "r/sub/AGENTS.md": "B".repeat(3_000),
      "r/sub/deeper/AGENTS.md": "C".repeat(3_000),
    });
    const text = await loadInstructions({ cwd: join(root, "r/sub/deeper"), maxBytes: 4_000 });
    const body = text.slice(0, text.indexOf("[Instructions were capped"));
    expect(Buffer.byteLength(body)).toBeLessThan(4_300);
    expect(text).toContain("A".repeat(3_000));
    expect(text).toContain("BBBB");
    expect(text).not.toContain("B".repeat(3_000));
    expect(text).not.toContain("CCCC");
    expect(text).toMatch(/capped at 4000 bytes; cut or left out: .*sub\/AGENTS\.md, AGENTS\.md/);
  });
});
