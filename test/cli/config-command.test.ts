/**
 * `tandem config` (issue #10): the effective configuration and where each value came from — a flag, an
 * environment variable, the user's or the project's config file, or the default — and which provider keys are
 * set, never their values. `tandem doctor` checks the same set-up and names a missing key without its value.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { fakeProviderConfig, runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();

const SECRET = "sk-test-this-value-must-never-be-printed-4242";

/** The row of `key` in the human output: its value and source, split on runs of spaces. */
function row(stdout: string, key: string): string[] {
  const line = stdout.split("\n").find((l) => l.trim().split(/\s{2,}/)[0] === key);
  return line ? line.trim().split(/\s{2,}/) : [];
}

async function setUp() {
  const ws = await cli.workspace({
    config: `network = true\n${fakeProviderConfig("openai-chat", cli.server.baseUrl("openai-chat"))}`,
  });
  await mkdir(join(ws.cwd, ".tandem"), { recursive: true });
  await writeFile(join(ws.cwd, ".tandem", "config.toml"), 'mode = "ask"\n[compaction]\nthreshold = 0.5\n');
  await writeFile(join(ws.cwd, "AGENTS.md"), "Run the tests with make test.\n");
  const env = { ...ws.env, FAKE_API_KEY: SECRET, ANTHROPIC_API_KEY: SECRET, TANDEM_THEME: "dark" };
  return { ws, env };
}

describe("tandem config", () => {
  it("shows each value with where it came from", async () => {
    const { ws, env } = await setUp();
    const r = await runTandem(["config", "--sandbox", "read-only"], { cwd: ws.cwd, env });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const user = `user config ${join(ws.home, "config.toml")}`;
    const project = `project config ${join(ws.cwd, ".tandem", "config.toml")}`;
    expect(row(r.stdout, "model")).toEqual(["model", "fake/fake-model", user]);
    expect(row(r.stdout, "network")).toEqual(["network", "true", user]);
    expect(row(r.stdout, "mode")).toEqual(["mode", "ask", project]);
    expect(row(r.stdout, "compaction.threshold")).toEqual(["compaction.threshold", "0.5", project]);
    expect(row(r.stdout, "sandbox")).toEqual(["sandbox", "read-only", "--sandbox flag"]);
    expect(row(r.stdout, "theme")).toEqual(["theme", "dark", "env TANDEM_THEME"]);
    expect(row(r.stdout, "max_steps")).toEqual(["max_steps", "100", "default"]);
    expect(row(r.stdout, "instructions")).toEqual(["instructions", join(ws.cwd, "AGENTS.md"), "found"]);
    expect(r.stdout).toContain(`TANDEM_HOME ${ws.home} (env TANDEM_HOME)`);
  });

  it("says which keys are set and never prints a key, in text or JSON", async () => {
    const { ws, env } = await setUp();
    const text = await runTandem(["config"], { cwd: ws.cwd, env });
    expect(row(text.stdout, "fake")).toEqual(["fake", "FAKE_API_KEY", "set"]);
    expect(row(text.stdout, "anthropic")).toEqual(["anthropic", "ANTHROPIC_API_KEY", "set"]);
    expect(row(text.stdout, "openai")).toEqual(["openai", "OPENAI_API_KEY", "not set"]);
    const json = await runTandem(["config", "--json"], { cwd: ws.cwd, env });
    const data = JSON.parse(json.stdout) as { keys: { variable: string; set: boolean }[] };
    expect(data.keys).toContainEqual({ provider: "fake", variable: "FAKE_API_KEY", set: true });
    for (const r of [text, json]) {
      expect(r.code).toBe(0);
      expect(r.stdout + r.stderr).not.toContain(SECRET);
      expect(r.stdout + r.stderr).not.toContain(SECRET.slice(0, 12));
    }
  });

  it("names a project's model that is not approved instead of using it", async () => {
    const ws = await cli.workspace();
    await mkdir(join(ws.cwd, ".tandem"), { recursive: true });
    await writeFile(join(ws.cwd, ".tandem", "config.toml"), 'model = "anthropic/claude-opus-4-6"\n');
    const r = await runTandem(["config"], { cwd: ws.cwd, env: ws.env });
    expect(row(r.stdout, "model")[1]).toBe("fake/fake-model");
    expect(r.stdout).toMatch(/asks for model "anthropic\/claude-opus-4-6": not approved/);
  });
});

describe("tandem doctor", () => {
  it("checks the tools, the model and its key, never printing the key", async () => {
    const { ws, env } = await setUp();
    const r = await runTandem(["doctor"], { cwd: ws.cwd, env });
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(row(r.stdout, "git")[1]).toBe("ok");
    expect(row(r.stdout, "model")).toEqual(["model", "ok", "fake/fake-model"]);
    expect(row(r.stdout, "key")).toEqual(["key", "ok", "FAKE_API_KEY is set"]);
    expect(r.code).toBe(0);
  });

  it("exits 1 on a rules.toml that does not load, naming the file and the rule", async () => {
    const { ws, env } = await setUp();
    await writeFile(join(ws.home, "rules.toml"), '[[rules]]\ncommand = "npm test*"\naction = "alow"\n');
    const r = await runTandem(["doctor"], { cwd: ws.cwd, env });
    const [name, status, detail] = row(r.stdout, "rules");
    expect([name, status]).toEqual(["rules", "error"]);
    expect(detail).toContain(`${join(ws.home, "rules.toml")}: [[rules]] #1`);
    expect(r.code).toBe(1);
  });

  it("exits 1 naming the variable when the model's key is not set", async () => {
    const { ws, env } = await setUp();
    const r = await runTandem(["doctor"], { cwd: ws.cwd, env: { ...env, FAKE_API_KEY: "" } });
    expect(row(r.stdout, "key")).toEqual([
      "key",
      "missing",
      "FAKE_API_KEY is not set: export FAKE_API_KEY=…",
    ]);
    expect(r.code).toBe(1);
  });
});
