/**
 * Every option in the declared table of options that write or run (`OPTION_EFFECTS`), in every spelling a user
 * or a hostile model can write it: a write outside the workspace and a destructive program make the command
 * destructive, a program or code we cannot see makes it at least unknown. Adding a row to the table adds its
 * cases here; a reading command can never again run a pager or write a file while classed read-only.
 */
import { describe, expect, it } from "vitest";
import { analyzeCommand } from "../../src/safety/analysis/index.ts";
import { OPTION_EFFECTS, type OptionEffect } from "../../src/safety/analysis/option-effects.ts";
import { riskRank } from "../../src/safety/analysis/types.ts";

const OPTIONS = { cwd: "/workspace/project", home: "/home/user" };
const OUTSIDE = "/home/user/.bashrc";
const PROGRAM = "rm -rf ~";

const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

/** The flag with `value` in each way the command accepts it. */
function spellings(flag: string, effect: OptionEffect, value: string): string[] {
  const long = flag.startsWith("--");
  const word = !long && flag.length > 2;
  if (effect.value === "none") return [flag];
  if (effect.value === "rest") return [`${flag} ${value}`];
  const out: string[] = [];
  if (long || word) out.push(quote(`${flag}=${value}`));
  else out.push(quote(`${flag}${value}`));
  if (effect.value === "required") out.push(`${flag} ${quote(value)}`);
  // GNU getopt and git accept a unique prefix of a long option.
  if (long && flag.length > 8) out.push(quote(`${flag.slice(0, -2)}=${value}`));
  return out;
}

function cases(): Array<{ command: string; atLeast: "destructive" | "unknown" }> {
  const out: Array<{ command: string; atLeast: "destructive" | "unknown" }> = [];
  for (const [key, effects] of Object.entries(OPTION_EFFECTS)) {
    for (const effect of effects) {
      for (const flag of effect.flags) {
        const value = effect.kind === "writes" ? OUTSIDE : effect.value === "rest" ? PROGRAM : PROGRAM;
        for (const spelled of spellings(flag, effect, value)) {
          // A flag without a value writes the operands (`yq -i FILE`) or runs a configured program.
          const operand = effect.value === "none" && effect.kind === "writes" ? ` ${OUTSIDE}` : " x";
          const destructive = effect.kind === "writes" || (effect.kind === "runs" && effect.value !== "none");
          out.push({
            command: `${key} ${spelled}${operand}`,
            atLeast: destructive ? "destructive" : "unknown",
          });
        }
      }
    }
  }
  return out;
}

describe("options that write or run, in every spelling", () => {
  it("are never read-only: outside writes and destructive programs are destructive, unseen programs unknown", async () => {
    const all = cases();
    expect(all.length).toBeGreaterThan(150);
    const wrong: string[] = [];
    for (const c of all) {
      const a = await analyzeCommand(c.command, OPTIONS);
      if (riskRank(a.risk) < riskRank(c.atLeast))
        wrong.push(`${c.command}: ${a.risk}, expected at least ${c.atLeast} (${a.reasons.join("; ")})`);
    }
    expect(wrong, wrong.join("\n")).toEqual([]);
  });

  it("the same options with a harmless program or a workspace file are not destructive", async () => {
    for (const command of [
      "git grep -Ocat foo",
      "man -P cat ls",
      "git log --output=log.txt",
      "sort -o sorted.txt in.txt",
      "git -c core.pager='less -R' log",
    ]) {
      const a = await analyzeCommand(command, OPTIONS);
      expect(a.risk, command).not.toBe("destructive");
    }
  });
});
