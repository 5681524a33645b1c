/**
 * The build's rewrite of Node built-in imports (scripts/builtins-without-facade.ts): each shape of import rolldown
 * writes becomes `const` bindings of the same names from `process.getBuiltinModule`, on the same line, and
 * evaluates to the same values; any other shape fails the build instead of staying an ES import.
 */
import { describe, expect, it } from "vitest";
import { rewriteBuiltinImports, rewriteImport } from "../../scripts/builtins-without-facade.ts";

/** Runs the rewritten statement and returns the bindings it declared. */
function bindings(statement: string, names: string[]): Record<string, unknown> {
  return new Function(`${statement}\nreturn { ${names.join(", ")} };`)() as Record<string, unknown>;
}

describe("builtins without facade", () => {
  it("binds the same names to the same values for every import shape rolldown writes", async () => {
    const fs = await import("node:fs");
    const path = await import("node:path");
    expect(
      bindings(rewriteImport("{ existsSync, readFileSync as read }", "node:fs"), ["existsSync", "read"]),
    ).toEqual({ existsSync: fs.existsSync, read: fs.readFileSync });
    expect(bindings(rewriteImport("path", "node:path"), ["path"])).toEqual({ path: path.default });
    expect(bindings(rewriteImport("* as p", "node:path"), ["p"])).toEqual({ p: path.default });
    expect(bindings(rewriteImport("path, { join, sep as s }", "node:path"), ["path", "join", "s"])).toEqual({
      path: path.default,
      join: path.join,
      s: path.sep,
    });
  });

  it("rewrites a chunk line by line and dynamic imports too, leaving other imports alone", () => {
    const chunk = [
      'import { t as clip } from "./clip-abc.js";',
      'import { createHash } from "node:crypto";',
      'import os from "node:os";',
      'import "node:process";',
      "",
      "async function f() {",
      '\tconst zlib = await import("node:zlib");',
      "}",
    ].join("\n");
    const out = rewriteBuiltinImports(chunk);
    expect(out.split("\n")).toEqual([
      'import { t as clip } from "./clip-abc.js";',
      'const { createHash } = process.getBuiltinModule("node:crypto");',
      'const os = process.getBuiltinModule("node:os");',
      'process.getBuiltinModule("node:process");',
      "",
      "async function f() {",
      '\tconst zlib = await Promise.resolve(process.getBuiltinModule("node:zlib"));',
      "}",
    ]);
  });

  it("fails on an import shape it does not know, rather than leaving a facade in the bundle", () => {
    expect(() => rewriteBuiltinImports('import os, * as all from "node:os";')).toThrow(
      /unexpected import of node:os/,
    );
    expect(() => rewriteBuiltinImports('import {\n  join\n} from "node:path";')).toThrow(
      /node:path was not rewritten/,
    );
    expect(() => rewriteBuiltinImports('export { join } from "node:path";')).toThrow(
      /node:path was not rewritten/,
    );
  });
});
