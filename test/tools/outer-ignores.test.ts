/**
 * grep and find in a sub-folder of a repository honour the rules above it (the `.gitignore` of every folder up
 * to the repository root, and its `.git/info/exclude`), also when the sub-folder holds an empty `.git/` (the
 * placeholder older tandem versions left), which made ripgrep stop looking upwards there.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFindTool } from "../../src/tools/find.ts";
import { createGrepTool } from "../../src/tools/grep.ts";
import { createLsTool } from "../../src/tools/ls.ts";
import { outerIgnores, rebaseRules } from "../../src/util/outer-ignores.ts";
import { makeContext, makeTempDir, removeDir, writeTree } from "./tool-support.ts";

const SECRET = "sk-live-feedface";
let repo: string;
let pkg: string;

beforeAll(async () => {
  repo = await makeTempDir("tandem-outer-ignores-");
  execFileSync("git", ["init", "-q", repo]);
  pkg = join(repo, "packages", "app");
  await writeTree(repo, {
    ".gitignore": ".env\nnode_modules/\n/packages/app/dist\n*.secret\n",
    "packages/.gitignore": "/app/tmp-*\n",
    ".git/info/exclude": "packages/app/local.txt\n",
    "packages/app/.gitignore": "!keep.secret\n",
    "packages/app/.env": `KEY=${SECRET}\n`,
    "packages/app/node_modules/lib/index.js": `needle ${SECRET}\n`,
    "packages/app/dist/out.js": "needle build\n",
    "packages/app/tmp-1.js": "needle tmp\n",
    "packages/app/local.txt": "needle local\n",
    "packages/app/x.secret": "needle secret\n",
    "packages/app/keep.secret": "needle kept\n",
    "packages/app/src/app.js": "needle app\n",
  });
  mkdirSync(join(pkg, ".git")); // the empty placeholder
});
afterAll(async () => {
  await removeDir(repo);
});

describe.each(["ripgrep", "builtin"] as const)("rules above the workspace (%s backend)", (backend) => {
  it("find lists only what the repository does not ignore", async () => {
    const r = await createFindTool({ backend }).execute({ pattern: "**/*" }, makeContext(pkg).ctx);
    expect(r.content.split("\n").sort()).toEqual([".gitignore", "keep.secret", "src/app.js"]);
  });

  it("grep returns no line of an ignored file", async () => {
    const r = await createGrepTool({ backend }).execute({ pattern: "needle|sk-live" }, makeContext(pkg).ctx);
    expect(r.content).not.toContain(SECRET);
    const files = r.content.split("\n").filter((l) => !/^\d+[:-]/.test(l) && l !== "");
    expect(files.sort()).toEqual(["keep.secret", "src/app.js"]);
  });
});

describe("ls", () => {
  it("marks what the repository ignores, by the rules above the folder and its own", async () => {
    const r = await createLsTool().execute({}, makeContext(pkg).ctx);
    const ignored = r.content
      .split("\n")
      .filter((l) => l.endsWith("(ignored)"))
      .map((l) => l.split(/\s+/)[0]);
    expect(ignored.sort()).toEqual([".env", "dist/", "local.txt", "node_modules/", "tmp-1.js", "x.secret"]);
    expect(r.content).toMatch(/^keep\.secret {2}\d+ B$/m);
    expect(r.content).toMatch(/^src\/$/m);
  });
});

describe("outerIgnores", () => {
  it("finds the repository root past an empty .git and collects exclude first, then .gitignore files top down", () => {
    const o = outerIgnores(pkg);
    expect(o.repoRoot).toBe(repo);
    expect(o.files.map((f) => f.base)).toEqual([repo, repo, join(repo, "packages")]);
    expect(o.relative.split("\n")).toEqual([
      "/local.txt",
      ".env",
      "node_modules/",
      "/dist",
      "*.secret",
      "/tmp-*",
    ]);
  });

  it("rebases anchored patterns onto a sub-folder", () => {
    expect(rebaseRules("/a/b/c\n!a/keep\nx/y\n", ["a"])).toBe("/b/c\n!/keep");
    expect(rebaseRules("**/build/out\n", ["a", "b"])).toBe("**/build/out");
    expect(rebaseRules("a/**/gen/\n", ["a", "b"])).toBe("**/gen/");
    expect(rebaseRules("*/dist\n", ["pkg"])).toBe("/dist");
    expect(rebaseRules("/pkg\n/pkg/\n# c\n\n", ["pkg"])).toBe(""); // would ignore the folder itself: dropped
  });
});
