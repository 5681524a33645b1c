/** `tandem policy check`, `tandem sandbox` and `tandem checkpoints` as a user runs them. */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { baseEnv, runTandem } from "../support/run-tandem.ts";

let root: string;
let ws: string;
let home: string;
let outside: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "tandem-safety-cli-"));
  ws = join(root, "ws");
  home = join(root, "home");
  // Outside the workspace and outside /tmp, which the sandbox replaces with its own.
  outside = await mkdtemp("/var/tmp/tandem-safety-cli-outside-");
  await mkdir(ws);
  await mkdir(home);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe("tandem policy check", () => {
  it("prints risk, decision, reasons and commands as JSON", async () => {
    const r = await runTandem(["policy", "check", "--json", "--cwd", ws, "sudo env X=1 rm -rf src"], {
      cwd: ws,
      env: baseEnv({ TANDEM_HOME: home }),
    });
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as {
      risk: string;
      decision: string;
      reasons: string[];
      commands: unknown[];
    };
    expect(result.risk).toBe("destructive");
    expect(result.reasons.join(" ")).toMatch(/rm-recursive/);
    expect(result.commands.length).toBeGreaterThan(0);
  });

  it("decides with the sandbox a session would have, or the one given, and says how to allow", async () => {
    const env = baseEnv({ TANDEM_HOME: home });
    const sandboxed = await runTandem(["policy", "check", "./run_tests.sh"], { cwd: ws, env });
    expect(sandboxed.stdout).toContain("decision (auto mode, sandbox workspace-write): allow");
    const open = await runTandem(["policy", "check", "--sandbox", "full-access", "./run_tests.sh"], {
      cwd: ws,
      env,
    });
    expect(open.stdout).toContain("decision (auto mode, sandbox full-access): ask");
    expect(open.stdout).toContain("how to allow it:");
    expect(open.stdout).toContain(`rule in ${join(home, "rules.toml")}`);
    expect(open.stdout).toContain('\n    command = "./run_tests.sh*"');
    const networked = await runTandem(["policy", "check", "--json", "--network", "./run_tests.sh"], {
      cwd: ws,
      env,
    });
    expect(JSON.parse(networked.stdout)).toMatchObject({ decision: "ask", how_to_allow: expect.any(Array) });
  });

  it("treats quoted text as data", async () => {
    const r = await runTandem(["policy", "check", "--json", 'grep "git reset --hard" docs'], {
      cwd: ws,
      env: baseEnv({ TANDEM_HOME: home }),
    });
    expect(JSON.parse(r.stdout).risk).toBe("read-only");
  });

  it("applies the user's rules and rejects a rule whose example does not match", async () => {
    await writeFile(
      join(home, "rules.toml"),
      '[[rules]]\ntool = "shell"\ncommand = "npm test*"\naction = "deny"\nexamples = ["npm test"]\n',
    );
    const denied = await runTandem(["policy", "check", "--json", "npm test"], {
      cwd: ws,
      env: baseEnv({ TANDEM_HOME: home }),
    });
    expect(JSON.parse(denied.stdout).decision).toBe("deny");

    await writeFile(
      join(home, "rules.toml"),
      '[[rules]]\ntool = "shell"\ncommand = "npm test*"\naction = "deny"\nexamples = ["make test"]\n',
    );
    const broken = await runTandem(["policy", "check", "npm test"], {
      cwd: ws,
      env: baseEnv({ TANDEM_HOME: home }),
    });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("rules.toml");
    expect(broken.stderr).toContain("make test");
  });
});

describe("tandem sandbox", () => {
  it("lets a command write the workspace but not outside it, and passes the exit code", async () => {
    const r = await runTandem(
      [
        "sandbox",
        "--cwd",
        ws,
        "--",
        "bash",
        "-c",
        `echo in > inside.txt; echo out > ${outside}/x.txt; exit 3`,
      ],
      { cwd: ws, env: baseEnv({ TANDEM_HOME: home }) },
    );
    expect(r.code).toBe(3);
    expect(await readFile(join(ws, "inside.txt"), "utf8")).toBe("in\n");
    await expect(readFile(join(outside, "x.txt"))).rejects.toThrow();
    expect(r.stderr).toMatch(/Read-only file system/);
  });

  it("rejects an unknown mode", async () => {
    const r = await runTandem(["sandbox", "--mode", "yolo", "--", "true"], {
      cwd: ws,
      env: baseEnv({ TANDEM_HOME: home }),
    });
    expect(r.code).toBe(2);
  });
});

describe("tandem checkpoints", () => {
  it("lists nothing for a new workspace and explains a bad number", async () => {
    const env = baseEnv({ TANDEM_HOME: home });
    const list = await runTandem(["checkpoints", "--cwd", ws], { cwd: ws, env });
    expect(list.code).toBe(0);
    expect(list.stdout).toContain("no checkpoints");
    const bad = await runTandem(["checkpoints", "restore", "zero", "--cwd", ws], { cwd: ws, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("checkpoint number");
  });
});
