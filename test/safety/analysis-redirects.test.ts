import { describe, expect, it } from "vitest";
import { analyzeCommand } from "../../src/safety/analysis/index.ts";

const OPTIONS = { cwd: "/workspace/project", home: "/home/user" };

describe("redirections", () => {
  it("a redirection to a file in the workspace is a write, named in the reasons", async () => {
    const a = await analyzeCommand("echo hi > out.txt", OPTIONS);
    expect(a.risk).toBe("write");
    expect(a.reasons).toEqual(["> out.txt: writes a file (rule redirect-write)"]);
    for (const c of [
      "ls >> log.txt",
      "ls 2> err.txt",
      "ls &> all.txt",
      "ls >| forced.txt",
      ": > src/main.ts",
      "cat /dev/null > important.txt",
    ]) {
      const r = (await analyzeCommand(c, OPTIONS)).reasons.join(" ");
      expect(r, c).toContain("(rule redirect-write)");
    }
  });

  it("/dev/null, stream duplication and input redirections write nothing", async () => {
    for (const c of [
      "ls > /dev/null",
      "ls 2>&1",
      "ls >&2",
      "ls 2>/dev/null 1>&2",
      "sort < in.txt",
      "ls >&-",
    ]) {
      expect((await analyzeCommand(c, OPTIONS)).risk, c).toBe("read-only");
    }
  });

  it("a redirection outside the workspace is destructive; to a computed path unknown; to /tmp a write", async () => {
    expect((await analyzeCommand("echo x > ~/.bashrc", OPTIONS)).risk).toBe("destructive");
    expect((await analyzeCommand("echo x >> /etc/hosts", OPTIONS)).risk).toBe("destructive");
    expect((await analyzeCommand('echo x > "$F"', OPTIONS)).risk).toBe("unknown");
    expect((await analyzeCommand("echo x > /tmp/x.log", OPTIONS)).risk).toBe("write");
  });

  it("redirections of compound commands and here-doc lines are seen", async () => {
    expect((await analyzeCommand("{ echo a; echo b; } > ~/x", OPTIONS)).risk).toBe("destructive");
    expect((await analyzeCommand("cat <<EOF > ~/.ssh/config\nHost x\nEOF", OPTIONS)).risk).toBe(
      "destructive",
    );
    expect((await analyzeCommand("> out.txt", OPTIONS)).risk).toBe("write");
  });
});
