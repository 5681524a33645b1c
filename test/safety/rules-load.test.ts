import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { evaluateRules, globMatch, loadRules, RulesError } from "../../src/safety/rules/index.ts";

let dir: string;
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tandem-rules-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function loadError(options: Parameters<typeof loadRules>[0]): Promise<RulesError> {
  try {
    await loadRules(options);
  } catch (error) {
    if (error instanceof RulesError) return error;
    throw error;
  }
  throw new Error("expected loadRules to fail");
}

describe("loading permission rules", () => {
  it("reads [[rules]] tables, checks their examples against the normalized command (wrappers stripped)", async () => {
    const user = file(
      "user.toml",
      `[[rules]]
tool = "shell"
command = "npm test*"
action = "allow"
examples = ["npm test", "npm test -- --run", "sudo npm test", "env CI=1 npm test"]

[[rules]]
tool = "write"
pattern = "**/*.env"
action = "deny"
examples = [".env", "config/prod.env"]
`,
    );
    const set = await loadRules({ user });
    expect(set.rules.map((r) => [r.source, r.index, r.action, r.command ?? r.pattern])).toEqual([
      ["user", 1, "allow", "npm test*"],
      ["user", 2, "deny", "**/*.env"],
    ]);
    expect(set.warnings).toEqual([]);
    expect(evaluateRules(set, { tool: "shell", command: "npm test -- --watch" }).rule?.index).toBe(1);
    expect(evaluateRules(set, { tool: "shell", command: "npm install" }).rule).toBeUndefined();
    expect(evaluateRules(set, { tool: "write", path: "a/b/.env" }).rule?.action).toBe("deny");
  });

  it("missing files mean no rules", async () => {
    const set = await loadRules({ user: join(dir, "nope.toml"), project: join(dir, "nope2.toml") });
    expect(set.rules).toEqual([]);
  });

  it("the last matching rule wins", async () => {
    const user = file(
      "user.toml",
      `[[rules]]
tool = "*"
command = "git *"
action = "ask"

[[rules]]
tool = "shell"
command = "git status*"
action = "allow"
`,
    );
    const set = await loadRules({ user });
    expect(evaluateRules(set, { tool: "shell", command: "git status --short" }).rule?.action).toBe("allow");
    expect(evaluateRules(set, { tool: "shell", command: "git push" }).rule?.action).toBe("ask");
  });

  it("malformed TOML is an error naming the file and position", async () => {
    const bad = file("bad.toml", `[[rules]]\ntool = "shell\naction = "allow"\n`);
    const error = await loadError({ user: bad });
    expect(error.file).toBe(bad);
    expect(error.message).toMatch(
      new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: malformed TOML at line \\d+, column \\d+`),
    );
  });

  it("an invalid rule or an unknown field names the file and rule index", async () => {
    const bad = file(
      "bad.toml",
      `[[rules]]\ncommand = "ls"\naction = "allow"\n\n[[rules]]\ncommand = "x"\naction = "maybe"\n`,
    );
    const error = await loadError({ project: bad });
    expect(error.index).toBe(2);
    expect(error.message).toContain(`${bad}: [[rules]] #2: \`action\``);
    const typo = file("typo.toml", `[[rules]]\ncomand = "ls"\naction = "allow"\n`);
    expect((await loadError({ user: typo })).message).toContain("[[rules]] #1");
    const both = file("both.toml", `[[rules]]\ncommand = "ls"\npattern = "x"\naction = "allow"\n`);
    expect((await loadError({ user: both })).message).toContain("either `command` or `pattern`");
  });

  it("an example that does not match its rule is an error naming the file, rule index and example", async () => {
    const bad = file(
      "user.toml",
      `[[rules]]\ncommand = "npm test*"\naction = "allow"\nexamples = ["npm test"]\n\n[[rules]]\ncommand = "npm test*"\naction = "allow"\nexamples = ["npm test && rm -rf x"]\n`,
    );
    const error = await loadError({ user: bad });
    expect(error.index).toBe(2);
    expect(error.message).toContain(
      `${bad}: [[rules]] #2: example "npm test && rm -rf x" does not match command "npm test*"`,
    );
    expect(error.message).toContain('"rm -rf x"');
    const path = file(
      "p.toml",
      `[[rules]]\ntool = "edit"\npattern = "src/*.ts"\naction = "allow"\nexamples = ["src/a/b.ts"]\n`,
    );
    expect((await loadError({ project: path })).message).toContain(
      'example "src/a/b.ts" does not match pattern "src/*.ts"',
    );
  });

  it("a project cannot loosen: its allow over a user ask/deny or a destructive/unknown command is ignored with a warning", async () => {
    const user = file("user.toml", `[[rules]]\ntool = "shell"\ncommand = "git push*"\naction = "ask"\n`);
    const project = file(
      "project.toml",
      `[[rules]]
tool = "shell"
command = "git push*"
action = "allow"
examples = ["git push origin main"]

[[rules]]
tool = "shell"
command = "curl *"
action = "allow"
examples = ["curl https://example.com"]

[[rules]]
tool = "shell"
command = "npm test*"
action = "allow"
examples = ["npm test"]

[[rules]]
tool = "shell"
command = "npm install*"
action = "deny"
`,
    );
    const set = await loadRules({ user, project });
    expect(set.warnings).toHaveLength(2);
    expect(set.warnings[0]).toContain(
      `${project}: [[rules]] #1 (allow) is ignored for "git push origin main": the user's rule #1 says ask`,
    );
    expect(set.warnings[1]).toContain(
      '[[rules]] #2 (allow) is ignored for "curl https://example.com": the command is unknown',
    );
    const push = evaluateRules(set, { tool: "shell", command: "git push origin main" }, "write");
    expect(push.rule?.source).toBe("user");
    expect(push.ignored?.rule.index).toBe(1);
    expect(evaluateRules(set, { tool: "shell", command: "npm test" }, "write").rule?.source).toBe("project");
    // Tightening is always allowed.
    expect(evaluateRules(set, { tool: "shell", command: "npm install zod" }, "write").rule?.action).toBe(
      "deny",
    );
  });
});

describe("globs", () => {
  it("command globs match across spaces and slashes; path globs keep * within a segment", () => {
    expect(globMatch("npm test*", "npm test -- --run", "command")).toBe(true);
    expect(globMatch("git * --force", "git push origin/main --force", "command")).toBe(true);
    expect(globMatch("npm test", "npm test --x", "command")).toBe(false);
    expect(globMatch("src/*.ts", "src/a.ts", "path")).toBe(true);
    expect(globMatch("src/*.ts", "src/a/b.ts", "path")).toBe(false);
    expect(globMatch("src/**/*.ts", "src/a.ts", "path")).toBe(true);
    expect(globMatch("src/**", "src/a/b/c.ts", "path")).toBe(true);
    expect(globMatch("a.(x)", "a.(x)", "path")).toBe(true);
  });
});
