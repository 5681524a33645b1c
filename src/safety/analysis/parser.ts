/**
 * Loads web-tree-sitter and the tree-sitter-bash grammar once, lazily, on first use. Later parses are
 * synchronous; typical commands parse in well under a millisecond once loaded.
 */
import { createRequire } from "node:module";
import { Language, Parser, type Tree } from "web-tree-sitter";

let loading: Promise<Parser> | undefined;
let ready: Parser | undefined;

/** Resolves once the grammar is loaded; safe to call many times. */
export function loadBashParser(): Promise<Parser> {
  loading ??= (async () => {
    const wasmPath = createRequire(import.meta.url).resolve("tree-sitter-bash/tree-sitter-bash.wasm");
    await Parser.init();
    const language = await Language.load(wasmPath);
    const parser = new Parser();
    parser.setLanguage(language);
    ready = parser;
    return parser;
  })();
  return loading;
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
