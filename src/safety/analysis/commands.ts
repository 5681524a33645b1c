/**
 * Walks a tree-sitter-bash tree and extracts every simple command anywhere in it: in lists, pipelines,
 * subshells, command and process substitutions (also inside strings and here-docs), function bodies,
 * if/for/while/case bodies and variable assignments. Each command carries what its verdict depends on:
 * its words, the directory it runs in (tracking literal `cd`), where its stdin comes from, and its
 * redirections. Everything is copied out of the tree so the caller can free it.
 */
import { resolve } from "node:path";
import type { Node, Tree } from "web-tree-sitter";
import type { Arg } from "./types.ts";
import { wordValue } from "./words.ts";

export interface Redirect {
  /** `>`, `>>`, `&>`, `>|`, `<`, `>&`, ... */
  op: string;
  target: Arg;
  /** File descriptor before the operator, if written (`2>`). */
  fd?: string;
}

export type Stdin =
  | { kind: "pipe"; upstream: RawCommand[] }
  | { kind: "heredoc"; text: string }
  | { kind: "herestring"; arg: Arg };

export interface RawCommand {
  /** Words with quotes removed; empty for a bare redirection such as `> file`. */
  argv: Arg[];
  /** Directory it runs in; undefined after a `cd` we cannot follow. */
  cwd: string | undefined;
  stdin?: Stdin;
  redirects: Redirect[];
  /** True when the name is a function defined earlier in the same source. */
  isFunction?: boolean;
  /** True when a function calls itself (`:(){ :|:& };:`): unbounded, so not judged by its body. */
  isRecursive?: boolean;
}

/** A variable set anywhere in the source: a command prefix, `export`, `declare`, or a bare assignment. */
export interface Assignment {
  name: string;
  value: Arg;
}

export interface ExtractResult {
  commands: RawCommand[];
  assignments: Assignment[];
  parseError?: string;
}

interface WalkState {
  cwd: string | undefined;
  home: string;
  functions: Set<string>;
  /** Functions whose bodies are being walked. */
  defining: string[];
  out: RawCommand[];
  assignments: Assignment[];
  /** Substitution depth; redirections attach to the last command at the current depth. */
  depth: number;
  lastAtDepth: Map<number, RawCommand>;
}

const WRITE_OPS = new Set([">", ">>", ">|", "&>", "&>>", ">&"]);

export function isWriteRedirect(r: Redirect): boolean {
  if (!WRITE_OPS.has(r.op)) return false;
  // `2>&1` and `>&-` duplicate or close a descriptor; they write no file.
  if (r.op === ">&" && /^(\d+|-)$/.test(r.target.text)) return false;
  return true;
}

function firstErrorPosition(node: Node): string | undefined {
  if (node.isError || node.isMissing) {
    const what = node.isMissing ? `missing ${node.type}` : "unexpected input";
    return `${what} at line ${node.startPosition.row + 1}, column ${node.startPosition.column + 1}`;
  }
  for (const child of node.children) {
    if (child?.hasError || child?.isMissing) {
      const found = firstErrorPosition(child);
      if (found) return found;
    }
  }
  return undefined;
}

function commandNames(node: Node, home: string): string[] {
  const names: string[] = [];
  for (const cmd of node.descendantsOfType("command")) {
    const name = cmd?.childForFieldName("name");
    if (name) names.push(wordValue(name, home).text);
  }
  return names;
}

function readRedirect(node: Node, home: string): Redirect | undefined {
  const dest = node.childForFieldName("destination");
  if (!dest) return undefined;
  let op = "";
  let fd: string | undefined;
  for (const child of node.children) {
    if (!child) continue;
    if (child.type === "file_descriptor") fd = child.text;
    else if (!child.isNamed && child.startIndex < dest.startIndex) op = child.type;
  }
  return { op, target: wordValue(dest, home), ...(fd !== undefined ? { fd } : {}) };
}

function visitCommand(node: Node, state: WalkState, stdin: Stdin | undefined): RawCommand {
  const argv: Arg[] = [];
  const redirects: Redirect[] = [];
  const nested: Node[] = [];
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === "variable_assignment") {
      recordAssignment(child, state);
      nested.push(child);
    } else if (child.type === "file_redirect") {
      const r = readRedirect(child, state.home);
      if (r) redirects.push(r);
      nested.push(child);
    } else if (child.type === "herestring_redirect") {
      const word = child.namedChildren[0];
      if (word) stdin = { kind: "herestring", arg: wordValue(word, state.home) };
      nested.push(child);
    } else {
      const arg = wordValue(child, state.home);
      if (!arg.literal) {
        const runs = commandNames(child, state.home);
        if (runs.length > 0) arg.runs = runs;
      }
      argv.push(arg);
      nested.push(child);
    }
  }
  const name = argv[0]?.text;
  const raw: RawCommand = { argv, cwd: state.cwd, redirects };
  if (stdin) raw.stdin = stdin;
  if (name !== undefined && state.functions.has(name)) raw.isFunction = true;
  if (name !== undefined && state.defining.includes(name)) raw.isRecursive = true;
  state.out.push(raw);
  state.lastAtDepth.set(state.depth, raw);
  for (const n of nested) walkChildren(n, state);
  followCd(raw, state);
  return raw;
}

function recordAssignment(node: Node, state: WalkState): void {
  const name = node.childForFieldName("name")?.text;
  const value = node.childForFieldName("value");
  if (name)
    state.assignments.push({
      name,
      value: value ? wordValue(value, state.home) : { text: "", literal: true },
    });
}

function followCd(raw: RawCommand, state: WalkState): void {
  const [name, dir] = raw.argv;
  if (!name || (name.text !== "cd" && name.text !== "pushd")) return;
  if (!dir) state.cwd = state.home;
  else if (!dir.literal || dir.text === "-") state.cwd = undefined;
  else if (state.cwd !== undefined || dir.text.startsWith("/"))
    state.cwd = resolve(state.cwd ?? "/", dir.text);
}

function visitPipeline(stages: Node[], state: WalkState, first: RawCommand[] | undefined): void {
  let upstream = first;
  for (const stage of stages) {
    const start = state.out.length;
    walk(stage, state, upstream ? { kind: "pipe", upstream } : undefined);
    upstream = state.out.slice(start);
  }
}

function visitRedirected(node: Node, state: WalkState, stdin: Stdin | undefined): void {
  const body = node.childForFieldName("body");
  const start = state.out.length;
  if (body) walk(body, state, stdin);
  const target = state.lastAtDepth.get(state.depth);
  const owner =
    target && state.out.indexOf(target) >= start ? target : { argv: [], cwd: state.cwd, redirects: [] };
  if (owner.argv.length === 0) state.out.push(owner);
  for (const child of node.childrenForFieldName("redirect")) {
    if (!child) continue;
    if (child.type === "file_redirect") {
      const r = readRedirect(child, state.home);
      if (r) owner.redirects.push(r);
      walkChildren(child, state);
    } else if (child.type === "herestring_redirect") {
      const word = child.namedChildren[0];
      if (word) owner.stdin = { kind: "herestring", arg: wordValue(word, state.home) };
      walkChildren(child, state);
    } else if (child.type === "heredoc_redirect") {
      visitHeredoc(child, owner, state);
    } else walk(child, state, undefined);
  }
}

function visitHeredoc(node: Node, owner: RawCommand, state: WalkState): void {
  // tree-sitter-bash hangs the rest of the line (`| sh`, `> out`, `&& next`) under the heredoc node.
  const body = node.namedChildren.find((c) => c?.type === "heredoc_body");
  if (body) owner.stdin = { kind: "heredoc", text: body.text };
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === "file_redirect") {
      const r = readRedirect(child, state.home);
      if (r) owner.redirects.push(r);
      walkChildren(child, state);
    } else if (child.type === "pipeline") {
      visitPipeline(
        child.namedChildren.filter((c) => c !== null),
        state,
        [owner],
      );
    } else if (child.type === "heredoc_body") {
      walkChildren(child, state);
    } else if (child.type !== "heredoc_start" && child.type !== "heredoc_end") {
      walk(child, state, undefined);
    }
  }
}

function walkChildren(node: Node, state: WalkState): void {
  for (const child of node.namedChildren) if (child) walk(child, state, undefined);
}

function walk(node: Node, state: WalkState, stdin: Stdin | undefined): void {
  switch (node.type) {
    case "command":
      visitCommand(node, state, stdin);
      return;
    case "redirected_statement":
      visitRedirected(node, state, stdin);
      return;
    case "pipeline":
      visitPipeline(
        node.namedChildren.filter((c) => c !== null),
        state,
        stdin?.kind === "pipe" ? stdin.upstream : undefined,
      );
      return;
    case "variable_assignment":
      recordAssignment(node, state);
      walkChildren(node, state);
      return;
    case "function_definition": {
      const name = node.childForFieldName("name");
      if (name) state.functions.add(name.text);
      state.defining.push(name?.text ?? "");
      walkChildren(node, state);
      state.defining.pop();
      return;
    }
    case "subshell":
    case "command_substitution":
    case "process_substitution": {
      const saved = state.cwd;
      state.depth++;
      walkChildren(node, state);
      state.lastAtDepth.delete(state.depth);
      state.depth--;
      state.cwd = saved;
      return;
    }
    default:
      walkChildren(node, state);
  }
}

/** Extracts all simple commands of a parsed tree, in source order. */
export function extractCommands(
  tree: Tree,
  options: { cwd: string | undefined; home: string },
): ExtractResult {
  const state: WalkState = {
    cwd: options.cwd,
    home: options.home,
    functions: new Set(),
    defining: [],
    out: [],
    assignments: [],
    depth: 0,
    lastAtDepth: new Map(),
  };
  walk(tree.rootNode, state, undefined);
  const result: ExtractResult = { commands: state.out, assignments: state.assignments };
  if (tree.rootNode.hasError) {
    result.parseError = `bash syntax error: ${firstErrorPosition(tree.rootNode) ?? "unparseable input"}`;
  }
  return result;
}
