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
      'import { existsSync } from "node:fs";',
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
      'const { existsSync } = process.getBuiltinModule("node:fs");',
      'const os = process.getBuiltinModule("node:os");',
      'process.getBuiltinModule("node:process");',
      "",
      "async function f() {",
      '\tconst zlib = await Promise.resolve(process.getBuiltinModule("node:zlib"));',
      "}",
    ]);
  });

  it("binds a lazy built-in's functions to wrappers that load it on their first call", () => {
    const statement = rewriteImport("{ createHash, randomBytes as bytes }", "node:crypto");
    expect(statement).not.toMatch(/^const \{/);
    const { createHash, bytes } = bindings(statement, ["createHash", "bytes"]) as {
      createHash: typeof import("node:crypto").createHash;
      bytes: typeof import("node:crypto").randomBytes;
    };
    expect(createHash("sha256").update("abc").digest("hex")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(bytes(4)).toHaveLength(4);
    // Default and namespace imports, and classes (whose `new` or `instanceof` a wrapper would break), fail.
    expect(() => rewriteImport("crypto", "node:crypto")).toThrow(/import named functions only/);
    expect(() => rewriteImport("{ Hash }", "node:crypto")).toThrow(/"Hash" is not a plain function/);
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
