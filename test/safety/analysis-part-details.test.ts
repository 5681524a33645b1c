import { describe, expect, it } from "vitest";
import { analyzeCommand } from "../../src/safety/analysis/index.ts";

const OPTIONS = { cwd: "/workspace/project", home: "/home/user" };

describe("each part says which rules fired and where it runs (for the destructive-action guard)", () => {
  it("rule names match the reasons", async () => {
    const a = await analyzeCommand("git reset --hard && rm -rf ../x && ls", OPTIONS);
    expect(a.commands.map((c) => c.rules)).toEqual([
      ["git-reset-hard"],
      ["rm-recursive", "rm-outside-workspace"],
      ["read-only-tool"],
    ]);
  });

  it("cwd follows literal cd, git -C, env -C and sudo -D", async () => {
    const a = await analyzeCommand(
      "git -C ../other reset --hard; cd sub && git clean -fdx; env -C /srv rm -rf x; sudo -D /opt rm -r y",
      OPTIONS,
    );
    expect(a.commands.map((c) => c.cwd)).toEqual([
      "/workspace/other",
      "/workspace/project",
      "/workspace/project/sub",
      "/srv",
      "/opt",
    ]);
  });

  it("cwd is absent when it cannot be known", async () => {
    const a = await analyzeCommand('cd "$D" && git reset --hard', OPTIONS);
    expect(a.commands[1]?.cwd).toBeUndefined();
  });
});
