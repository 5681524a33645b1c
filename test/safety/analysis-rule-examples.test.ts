import { describe, expect, it } from "vitest";
import { COMMAND_RULES } from "../../src/safety/analysis/classify.ts";
import { BUILT_IN_RULES, verifyRuleExamples } from "../../src/safety/analysis/examples.ts";
import { loadAnalyzer } from "../../src/safety/analysis/index.ts";
import { CODE_RULES } from "../../src/safety/analysis/interpreters.ts";
import { loadBashParser } from "../../src/safety/analysis/parser.ts";

describe("a rule is its own unit test", () => {
  it("the shipped tables hold: every rule's examples classify as the rule says", async () => {
    await expect(loadAnalyzer()).resolves.toBeUndefined();
    expect(() => verifyRuleExamples()).not.toThrow();
  });

  it("every rule has a unique name and at least one example", () => {
    const all = [...COMMAND_RULES, ...CODE_RULES, ...BUILT_IN_RULES];
    expect(all.filter((r) => r.examples.length === 0).map((r) => r.name)).toEqual([]);
    const names = all.map((r) => r.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it("a rule whose examples disagree fails loudly, listing every failure", async () => {
    await loadBashParser();
    const broken = [
      { name: "rm-recursive", risk: "read-only" as const, examples: ["rm -rf x"] },
      { name: "made-up", risk: "write" as const, examples: ["ls"] },
      { name: "rm", risk: "write" as const, examples: ["rm a"], notExamples: ["rm b"] },
      { name: "empty", risk: "write" as const, examples: [] },
    ];
    let message = "";
    try {
      verifyRuleExamples(broken);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("failed their own examples (4)");
    expect(message).toContain("rule rm-recursive: example `rm -rf x` is destructive, rule says read-only");
    expect(message).toContain("rule made-up: example `ls` does not fire it");
    expect(message).toContain("rule rm: look-alike `rm b` fires it but must not");
    expect(message).toContain("rule empty: has no examples");
  });
});
