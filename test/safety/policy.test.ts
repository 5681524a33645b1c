import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERMISSION_MODES, type PermissionMode } from "../../src/protocol/permissions.ts";
import { analyzeCommand } from "../../src/safety/analysis/index.ts";
import {
  type Containment,
  decide,
  decidePath,
  policyCheck,
  toGateDecision,
} from "../../src/safety/policy.ts";
import { loadRules, type RuleSet } from "../../src/safety/rules/index.ts";

const CWD = "/workspace/project";
const COMMANDS = {
  "read-only": "git status",
  write: "npm test",
  unknown: "frobnicate",
  destructive: "rm -rf src",
};

async function decision(command: string, mode: PermissionMode, rules?: RuleSet) {
  return decide(await analyzeCommand(command, { cwd: CWD }), { mode, ...(rules ? { rules } : {}) });
}

let dir: string;
let rules: RuleSet;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tandem-policy-"));
  const user = join(dir, "user.toml");
  writeFileSync(
    user,
    `[[rules]]
tool = "shell"
command = "npm test*"
action = "allow"
examples = ["npm test"]

[[rules]]
tool = "shell"
command = "git status*"
action = "deny"

[[rules]]
tool = "shell"
command = "rm -rf *"
action = "allow"

[[rules]]
tool = "shell"
command = "make*"
action = "ask"

[[rules]]
tool = "shell"
command = "frobnicate*"
action = "allow"

[[rules]]
tool = "write"
pattern = "**/.env"
action = "deny"
`,
  );
  rules = await loadRules({ user });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("mode defaults", () => {
  const table: Record<PermissionMode, Record<keyof typeof COMMANDS, string>> = {
    ask: { "read-only": "allow", write: "ask", unknown: "ask", destructive: "guard" },
    auto: { "read-only": "allow", write: "allow", unknown: "ask", destructive: "guard" },
    full: { "read-only": "allow", write: "allow", unknown: "allow", destructive: "guard" },
  };
  for (const mode of PERMISSION_MODES) {
    for (const [risk, command] of Object.entries(COMMANDS) as [keyof typeof COMMANDS, string][]) {
      it(`${mode} mode, ${risk}: ${table[mode][risk]}`, async () => {
        const d = await decision(command, mode);
        expect(d.risk).toBe(risk);
        const got = d.guard ? "guard" : d.decision;
        expect(got).toBe(table[mode][risk]);
        if (got === "guard") expect(d.decision).toBe("ask");
        if (d.decision !== "allow") expect(d.reasons.length).toBeGreaterThan(0);
      });
    }
  }

  // Issue #10: auto refused a project's own scripts and binaries as "unknown". The sandbox with network off
  // contains them (and the step's checkpoint undoes them); without it, or with network on, they still ask.
  it("auto runs unknown commands only where the sandbox with network off contains them", async () => {
    const analysis = await analyzeCommand("python3 run_tests.py && ./main", { cwd: CWD });
    const at = (containment: Containment) => decide(analysis, { mode: "auto", containment });
    expect(at("sealed")).toMatchObject({ decision: "allow", risk: "unknown" });
    expect(at("sealed").reasons[0]).toContain("in the sandbox with network off, after a checkpoint");
    const none = at("none");
    expect(none.decision).toBe("ask");
    expect(none.reasons.join("\n")).toContain("no sandbox contains this command (sandbox full-access)");
    expect(at("local").reasons.join("\n")).toContain("this sandbox has network on");
    // The default is the cautious one: a caller that does not say has no sandbox.
    expect(decide(analysis, { mode: "auto" }).decision).toBe("ask");
    // How to allow it: a user rule per part (a project rule cannot allow an unknown command), the session that
    // runs it, the interactive UI.
    const hints = (none.howToAllow ?? []).join("\n");
    expect(hints).toContain("~/.tandem/rules.toml (a project's rules cannot allow an unknown command)");
    expect(hints).toContain('command = "python3 run_tests.py*"');
    expect(hints).toContain('command = "./main*"');
    expect(hints).toContain("`--mode auto` in the sandbox with network off");
    expect(hints).toContain("`--mode full`");
    expect(hints).toContain("`tandem --mode ask`");
    // Everything else in the table is as before, whatever the containment.
    for (const containment of ["sealed", "local", "none"] as const) {
      for (const [risk, command] of Object.entries(COMMANDS) as [keyof typeof COMMANDS, string][]) {
        if (risk === "unknown") continue;
        for (const mode of PERMISSION_MODES) {
          const d = decide(await analyzeCommand(command, { cwd: CWD }), { mode, containment });
          expect(d.guard ? "guard" : d.decision, `${mode} ${containment} ${command}`).toBe(
            {
              ask: { "read-only": "allow", write: "ask", destructive: "guard" },
              auto: { "read-only": "allow", write: "allow", destructive: "guard" },
              full: { "read-only": "allow", write: "allow", destructive: "guard" },
            }[mode][risk],
          );
        }
      }
    }
  });

  it("a rule's refusal names the rule to change", async () => {
    const d = await decision("git status", "auto", rules);
    expect(d.howToAllow?.[0]).toMatch(/^remove or change user rule #2 in .*user\.toml/);
  });

  it("a destructive part anywhere guards the whole command, with its rule named", async () => {
    const d = await decision("npm test && git reset --hard", "full");
    expect(d).toMatchObject({ decision: "ask", guard: true, risk: "destructive" });
    expect(d.reasons.join("\n")).toContain("(rule git-reset-hard)");
  });

  it("a parse error asks in ask and auto mode", async () => {
    expect((await decision('ls "oops', "auto")).decision).toBe("ask");
  });
});

describe("rules within the mode's limits", () => {
  it("deny wins over every mode, even for read-only commands and inside compound commands", async () => {
    for (const mode of PERMISSION_MODES) {
      const d = await decision("ls && sudo git status", mode, rules);
      expect(d.decision).toBe("deny");
      expect(d.reasons[0]).toMatch(/git status: denied by user rule #2 in .*user\.toml/);
    }
  });

  it("allow lets a write or unknown command run in ask mode", async () => {
    expect((await decision("npm test -- --run", "ask", rules)).decision).toBe("allow");
    expect((await decision("frobnicate --x", "auto", rules)).decision).toBe("allow");
    expect((await decision("npm test && npm install", "ask", rules)).decision).toBe("ask");
  });

  it("allow cannot let a destructive command skip the guard", async () => {
    const d = await decision("rm -rf src", "full", rules);
    expect(d).toMatchObject({ decision: "ask", guard: true });
    expect(d.reasons.join("\n")).toContain("cannot skip the destructive-action guard");
  });

  it("ask overrides a mode that would allow", async () => {
    expect((await decision("make build", "full", rules)).decision).toBe("ask");
  });

  it("a project allow cannot loosen an unknown command", async () => {
    const project = join(dir, "project.toml");
    writeFileSync(project, `[[rules]]\ntool = "shell"\ncommand = "deploy-all*"\naction = "allow"\n`);
    const set = await loadRules({ project });
    const d = await decision("deploy-all --prod", "auto", set);
    expect(d.decision).toBe("ask");
    expect(d.reasons.join("\n")).toContain("a project rule cannot allow that");
  });
});

describe("policyCheck and decidePath", () => {
  it("policyCheck returns risk, decision, reasons and commands for the CLI", async () => {
    const r = await policyCheck("sudo rm -rf ~", { cwd: CWD, mode: "auto" });
    expect(r).toMatchObject({ risk: "destructive", decision: "ask", guard: true });
    expect(r.commands[0]).toMatchObject({ argv: ["rm", "-rf", expect.any(String)], via: ["sudo"] });
    const ok = await policyCheck("git log -1", { cwd: CWD, mode: "ask", rules });
    expect(ok).toMatchObject({ risk: "read-only", decision: "allow" });
  });

  it("file tools: deny patterns, mode defaults, outside-workspace guard", () => {
    expect(decidePath("write", "config/.env", { mode: "full", rules }).decision).toBe("deny");
    expect(decidePath("write", "src/a.ts", { mode: "ask", rules }).decision).toBe("ask");
    expect(decidePath("edit", "src/a.ts", { mode: "auto", rules }).decision).toBe("allow");
    expect(decidePath("write", "/etc/hosts", { mode: "full", rules, risk: "destructive" })).toMatchObject({
      decision: "ask",
      guard: true,
    });
  });
});

describe("toGateDecision", () => {
  it("maps allow, deny and ask onto the gate's decisions with readable reasons", async () => {
    expect(toGateDecision(await decision("ls", "ask"), "ls", "ask")).toEqual({ action: "allow" });
    const deny = toGateDecision(await decision("git status", "auto", rules), "git status", "auto");
    expect(deny).toMatchObject({ action: "deny" });
    expect(deny.action === "deny" && deny.reason).toContain("denied by user rule #2");
    const ask = toGateDecision(await decision("frob --x", "auto"), "frob --x", "auto");
    expect(ask).toMatchObject({ action: "ask", risk: "unknown", summary: "Run `frob --x` (unknown)" });
    expect(ask.action === "ask" && ask.reason).toContain("nobody is present to approve it");
    expect(ask.action === "ask" && ask.howToAllow?.join("\n")).toContain('command = "frob --x*"');
  });
});
