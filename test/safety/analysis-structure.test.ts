import { describe, expect, it } from "vitest";
import { analyzeCommand } from "../../src/safety/analysis/index.ts";

const OPTIONS = { cwd: "/workspace/project", home: "/home/user" };
const argvs = async (command: string) =>
  (await analyzeCommand(command, OPTIONS)).commands.map((c) => c.argv.join(" "));

describe("every simple command in the tree is analysed", () => {
  it("lists and pipelines", async () => {
    expect(await argvs("a x && b y || c; d | e")).toEqual(["a x", "b y", "c", "d", "e"]);
  });

  it("subshells, groups and command substitutions (also inside strings and backticks)", async () => {
    expect(await argvs('(a; { b; }); echo "x $(c 1) `d 2`"')).toEqual([
      "a",
      "b",
      // A word that expands at run time keeps its source text.
      'echo "x $(c 1) `d 2`"',
      "c 1",
      "d 2",
    ]);
  });

  it("process substitution", async () => {
    expect(await argvs("diff <(sort a) >(tee b)")).toEqual(["diff <(sort a) >(tee b)", "sort a", "tee b"]);
  });

  it("here-doc bodies with substitutions, and the rest of the line after a here-doc", async () => {
    expect(await argvs("cat <<EOF | wc -l\nhi $(whoami)\nEOF")).toEqual(["cat", "wc -l", "whoami"]);
  });

  it("function bodies, if/for/while/case bodies and assignment values", async () => {
    const got = await argvs(
      "f() { a; }; if b; then c; elif d; then e; else g; fi; for i in 1; do h; done; while k; do l; done; case x in y) m;; esac; V=$(n)",
    );
    expect(got).toEqual(["a", "b", "c", "d", "e", "g", "h", "k", "l", "m", "n"]);
  });

  it("quote removal: escapes and quotes do not hide a command name", async () => {
    expect(await argvs("\\rm x; 'rm' y; \"rm\" z; r\\m w")).toEqual(["rm x", "rm y", "rm z", "rm w"]);
  });

  it("quoted text stays one data word and never becomes a command", async () => {
    const a = await analyzeCommand('grep "git reset --hard; rm -rf /" docs', OPTIONS);
    expect(a.commands.map((c) => c.argv)).toEqual([["grep", "git reset --hard; rm -rf /", "docs"]]);
    expect(a.risk).toBe("read-only");
  });

  it("the command's risk is the worst of its parts, and reasons come from the worst parts", async () => {
    const a = await analyzeCommand("ls && npm test && rm -rf src && frob", OPTIONS);
    expect(a.commands.map((c) => c.risk)).toEqual(["read-only", "write", "destructive", "unknown"]);
    expect(a.risk).toBe("destructive");
    expect(a.reasons).toEqual(["rm -r: recursive delete (rule rm-recursive)"]);
  });

  it("a parse failure is unknown with the reason, and what did parse is still analysed", async () => {
    const a = await analyzeCommand('rm -rf src; echo "oops', OPTIONS);
    expect(a.parseError).toMatch(/bash syntax error/);
    expect(a.risk).toBe("destructive");
    const b = await analyzeCommand('ls; echo "oops', OPTIONS);
    expect(b.risk).toBe("unknown");
    expect(b.reasons.some((r) => r.includes("(rule parse-error)"))).toBe(true);
  });

  it("a literal cd moves later relative paths; a computed cd makes them unresolved", async () => {
    expect((await analyzeCommand("cd src && rm a.ts", OPTIONS)).risk).toBe("write");
    expect((await analyzeCommand("cd ../.. && rm a.ts", OPTIONS)).risk).toBe("destructive");
    expect((await analyzeCommand('cd "$X" && rm a.ts', OPTIONS)).risk).toBe("destructive");
    expect((await analyzeCommand("(cd /; ls) && rm a.ts", OPTIONS)).risk).toBe("write");
  });

  it("a call to a function defined in the same command is judged by its body", async () => {
    expect((await analyzeCommand("f() { ls; }; f", OPTIONS)).risk).toBe("read-only");
    expect((await analyzeCommand("f() { rm -rf x; }; f", OPTIONS)).risk).toBe("destructive");
  });

  it("workspaceRoots widen what counts as inside", async () => {
    const narrow = await analyzeCommand("rm ../lib/a.ts", OPTIONS);
    const wide = await analyzeCommand("rm ../lib/a.ts", { ...OPTIONS, workspaceRoots: ["/workspace"] });
    expect([narrow.risk, wide.risk]).toEqual(["destructive", "write"]);
  });
});
