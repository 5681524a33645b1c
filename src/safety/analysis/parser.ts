/**
 * Loads web-tree-sitter and the tree-sitter-bash grammar once, lazily, on first use. Later parses are
 * synchronous; typical commands parse in well under a millisecond once loaded.
 */
import { createRequire } from "node:module";
import { Language, Parser, type Tree } from "web-tree-sitter";

let loading: Promise<Parser> | undefined;
let ready: Parser | undefined;
let warmedUp = false;

/**
 * Parsed by {@link warmUpBashParser}: the launcher keeps WebAssembly on V8's baseline compiler, which compiles each
 * function of the grammar at its first call, so the first real parse paid ~20 ms for the lexer and the parse
 * tables' functions (docs/benchmarks.md). One line with the common shapes compiles most.
 */
const WARM_UP = `cd src && grep -rn "a b" . | head -5 > out.txt 2>&1; for f in *.js; do echo "$f" $((1+2)); done || true`;

export interface LoadBashParserOptions {
  /**
   * Awaited before each step of the load: the session's pacing (src/safety/pacing.ts), so a load in the
   * background waits while a response's tool calls are handled. Default: never waits.
   */
  pace?: () => Promise<void>;
}

/** Resolves once the grammar is loaded; safe to call many times (the first call's options count). */
export function loadBashParser(options: LoadBashParserOptions = {}): Promise<Parser> {
  const pace = options.pace ?? (() => Promise.resolve());
  loading ??= (async () => {
    const wasmPath = createRequire(import.meta.url).resolve("tree-sitter-bash/tree-sitter-bash.wasm");
    await pace();
    await Parser.init();
    await pace();
    const language = await Language.load(wasmPath);
    const parser = new Parser();
    parser.setLanguage(language);
    ready = parser;
    return parser;
  })();
  return loading;
}

/**
 * Parses one representative line once the parser has loaded, so that the first command's parse does not pay for
 * compiling the grammar (~20 ms of this thread): for a moment nothing waits on, such as the end of a session's
 * background work. Once per process; does nothing if the parser cannot load.
 */
export async function warmUpBashParser(): Promise<void> {
  if (warmedUp) return;
  warmedUp = true;
  const parser = await loadBashParser().catch(() => undefined);
  parser?.parse(WARM_UP)?.delete();
}

/** Whether the parser has loaded (a parse now would not wait). */
export function bashParserLoaded(): boolean {
  return ready !== undefined;
}

/**
 * Parses `source` with the loaded parser. The caller must `tree.delete()` when done (the tree lives in wasm
 * memory). Throws if `loadBashParser()` has not resolved yet.
 */
export function parseBash(source: string): Tree {
  if (!ready) throw new Error("bash parser not loaded: await loadBashParser() first");
  const tree = ready.parse(source);
  if (!tree) throw new Error("tree-sitter returned no tree (parse cancelled)");
  return tree;
}
