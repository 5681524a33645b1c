/**
 * A rolldown plugin for scripts/build.ts: the bundle takes Node's built-in modules with
 * `process.getBuiltinModule("node:x")` instead of `import … from "node:x"`.
 *
 * Why: an ES import of a built-in makes Node build the module's ES facade, which reads every export once,
 * lazy getters included. `import … from "node:util"` so loads worker_threads and the assert diff (33 internal
 * modules), `node:crypto` its webcrypto, `node:fs` its streams and fs/promises: ~5.6 MB of RSS and ~30 ms of
 * start-up for exports tandem never reads (docs/benchmarks.md, "Start-up"). `getBuiltinModule` returns the
 * module's own exports object, and a property read runs only the getter it names.
 *
 * Rewritten in the output, where rolldown has already merged each chunk's imports of a built-in into one
 * single-line statement of a fixed shape; each rewrite stays on its line, so the source maps stay exact.
 * A statement of any other shape fails the build rather than slipping through unrewritten.
 *
 * A built-in in {@link LAZY_BUILTINS} is loaded at the first call of one of its functions rather than when a
 * chunk importing it loads.
 */
import type { Plugin } from "rolldown";

const STATIC = /^import (.+) from "(node:[\w/]+)";$/gm;
const BARE = /^import "(node:[\w/]+)";$/gm;
const DYNAMIC = /\bimport\("(node:[\w/]+)"\)/g;
/** Any import of a built-in left after the rewrite (e.g. over several lines): a shape this plugin misses. */
const LEFT = /^(?:import|export)\b[^;]*?\bfrom "(node:[\w/]+)"|^import "(node:[\w/]+)"/m;
const NAMESPACE = /^\* as ([\w$]+)$/;
const DEFAULT_AND_NAMED = /^([\w$]+), (\{.*\})$/;
const IDENT = /^[\w$]+$/;

/**
 * Built-ins costly to load that start-up reaches only by loading a chunk that imports them, not by calling them.
 * node:crypto: ~20–50 ms of CPU and 2.4 MB to load; before the first model request only chunks that use it later
 * load (the sandbox's placeholders, atomic writes), and the checkpoints that hash files load after the request
 * is sent (docs/benchmarks.md, "Start-up"). node:readline: the read tool uses it only for a file too large to
 * load whole, and search for ripgrep's output.
 */
export const LAZY_BUILTINS: ReadonlySet<string> = new Set(["node:crypto", "node:readline"]);

/** A plain function (not a class, whose `new` or `instanceof` a wrapper would break): safe to wrap. */
function isPlainFunction(value: unknown): boolean {
  if (typeof value !== "function") return false;
  if (Function.prototype.toString.call(value).startsWith("class")) return false;
  return Object.getOwnPropertyNames(value.prototype ?? {}).length <= 1;
}

/** `{ a, b as c }` of a lazy built-in: each name a wrapper that loads the module on its first call. */
function lazyImport(clause: string, id: string): string {
  if (!(clause.startsWith("{") && clause.endsWith("}"))) {
    throw new Error(`builtins-without-facade: ${id} is lazy; import named functions only, not "${clause}"`);
  }
  const module = process.getBuiltinModule(id) as Record<string, unknown>;
  const cache = `__lazy_${id.replace(/\W/g, "_")}`;
  const bindings = clause
    .slice(1, -1)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((spec) => {
      const [name, local = name] = spec.split(/\s+as\s+/) as [string, string?];
      if (!isPlainFunction(module[name])) {
        throw new Error(`builtins-without-facade: ${id} is lazy, and its "${name}" is not a plain function`);
      }
      return `${local} = (...args) => (${cache} ??= process.getBuiltinModule(${JSON.stringify(id)})).${name}(...args)`;
    });
  return `let ${cache}; const ${bindings.join(", ")};`;
}

/** `{ a, b as c }` → `{ a, b: c }`, the same bindings as a destructuring pattern. */
function pattern(named: string): string {
  return named.replace(/([\w$]+) as ([\w$]+)/g, "$1: $2");
}

/** One `import <clause> from "<id>"` as `const` declarations of the same bindings. */
export function rewriteImport(clause: string, id: string): string {
  if (LAZY_BUILTINS.has(id)) return lazyImport(clause, id);
  const load = `process.getBuiltinModule(${JSON.stringify(id)})`;
  const namespace = NAMESPACE.exec(clause);
  if (namespace) return `const ${namespace[1]} = ${load};`;
  if (IDENT.test(clause)) return `const ${clause} = ${load};`;
  if (clause.startsWith("{") && clause.endsWith("}")) return `const ${pattern(clause)} = ${load};`;
  const both = DEFAULT_AND_NAMED.exec(clause);
  if (both) return `const ${both[1]} = ${load}, ${pattern(both[2] as string)} = ${both[1]};`;
  throw new Error(`builtins-without-facade: unexpected import of ${id}: import ${clause} from "${id}"`);
}

/** A chunk's code with every import of a built-in rewritten (lines unchanged). */
export function rewriteBuiltinImports(code: string): string {
  const out = code
    .replace(STATIC, (_, clause: string, id: string) => rewriteImport(clause, id))
    .replace(BARE, (_, id: string) => `process.getBuiltinModule(${JSON.stringify(id)});`)
    .replace(DYNAMIC, (_, id: string) => `Promise.resolve(process.getBuiltinModule(${JSON.stringify(id)}))`);
  const left = LEFT.exec(out);
  if (left) throw new Error(`builtins-without-facade: an import of ${left[1] ?? left[2]} was not rewritten`);
  return out;
}

export function builtinsWithoutFacade(): Plugin {
  return {
    name: "builtins-without-facade",
    renderChunk(code) {
      const out = rewriteBuiltinImports(code);
      return out === code ? null : { code: out, map: null };
    },
  };
}
