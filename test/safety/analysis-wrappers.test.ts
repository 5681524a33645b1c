import { describe, expect, it } from "vitest";
import { analyzeCommand } from "../../src/safety/analysis/index.ts";

const OPTIONS = { cwd: "/workspace/project", home: "/home/user" };

describe("wrappers are stripped and the wrapped command analysed", () => {
  const cases: [string, string[], string[]][] = [
    ["sudo -u root -E rm -rf x", ["rm", "-rf", "x"], ["sudo"]],
    ["env -i FOO=1 BAR=2 rm -rf x", ["rm", "-rf", "x"], ["env"]],
    ["timeout -k 5 10s nice -n 5 rm -rf x", ["rm", "-rf", "x"], ["timeout", "nice"]],
    ["nohup stdbuf -o0 ionice -c3 rm -rf x", ["rm", "-rf", "x"], ["nohup", "stdbuf", "ionice"]],
    ["command builtin exec time rm -rf x", ["rm", "-rf", "x"], ["command", "builtin", "exec", "time"]],
    ["npx --yes rimraf dist", ["rimraf", "dist"], ["npx"]],
    ["pnpm exec tsc --noEmit", ["tsc", "--noEmit"], ["pnpm exec"]],
    ["env -S 'rm -rf src'", ["rm", "-rf", "src"], ["env"]],
  ];
  for (const [command, argv, via] of cases) {
    it(command, async () => {
      const a = await analyzeCommand(command, OPTIONS);
      expect(a.commands[0]?.argv).toEqual(argv);
      expect(a.commands[0]?.via).toEqual(via);
    });
  }

  it("a wrapper's risk is the wrapped command's risk", async () => {
    expect((await analyzeCommand("sudo ls", OPTIONS)).risk).toBe("read-only");
    expect((await analyzeCommand("sudo npm test", OPTIONS)).risk).toBe("write");
    expect((await analyzeCommand("sudo rm -rf x", OPTIONS)).risk).toBe("destructive");
  });

  it("a wrapper with no command is the wrapper itself (bare env prints the environment)", async () => {
    expect((await analyzeCommand("env", OPTIONS)).risk).toBe("read-only");
    expect((await analyzeCommand("command -v rm", OPTIONS)).risk).toBe("read-only");
  });

  it("sudo -D and env -C change the directory the wrapped command runs in", async () => {
    expect((await analyzeCommand("env -C / rm etc-file", OPTIONS)).risk).toBe("destructive");
    expect((await analyzeCommand("env -C src rm a.ts", OPTIONS)).risk).toBe("write");
  });

  it("xargs runs its command with words we cannot see", async () => {
    const a = await analyzeCommand("git ls-files | xargs rm", OPTIONS);
    expect(a.commands[1]).toMatchObject({
      argv: ["rm", "<stdin words>"],
      risk: "destructive",
      via: ["xargs"],
    });
    expect((await analyzeCommand("find . | xargs -0 -n1 grep foo", OPTIONS)).risk).toBe("read-only");
    expect((await analyzeCommand("ls | xargs -I{} rm -rf {}", OPTIONS)).risk).toBe("destructive");
  });

  it("find -exec and -delete", async () => {
    const a = await analyzeCommand("find . -name '*.o' -exec rm -f {} \\;", OPTIONS);
    expect(a.commands.map((c) => c.argv[0])).toEqual(["find", "rm"]);
    expect(a.commands[1]?.via).toEqual(["find -exec"]);
    expect(a.risk).toBe("destructive");
    expect((await analyzeCommand("find . -type f -exec wc -l {} +", OPTIONS)).risk).toBe("read-only");
    expect((await analyzeCommand("find . -delete", OPTIONS)).reasons).toEqual([
      "find -delete: deletes every match (rule find-delete)",
    ]);
  });

  it("a program run by path is only trusted from system bin directories", async () => {
    expect((await analyzeCommand("/usr/bin/ls", OPTIONS)).risk).toBe("read-only");
    expect((await analyzeCommand("/tmp/evil/ls", OPTIONS)).risk).toBe("unknown");
    expect((await analyzeCommand("./node_modules/.bin/tsc -p .", OPTIONS)).risk).toBe("write");
  });
});
