/**
 * Regression (issue #10): `tandem exec --help` said "Unknown option '--help'", and so did every subcommand but
 * one. Driven by the CLI's own command table, so a new subcommand without help fails here: every command and
 * sub-command prints its usage on --help (exit 0, nothing on stderr), `tandem --help` names every command,
 * -v/-V/--version print the version, and an unknown option is one line pointing at the command's help
 * (exit 2).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands.ts";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();
const version = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  }
).version;

async function tandem(args: string[]) {
  const ws = await cli.workspace();
  return runTandem(args, { cwd: ws.cwd, env: ws.env });
}

describe.concurrent("tandem COMMAND --help, for every command in the table", () => {
  for (const spec of COMMANDS) {
    it(`${spec.name} --help`, async () => {
      const r = await tandem([spec.name, "--help"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout.startsWith(`Usage: tandem ${spec.name}`)).toBe(true);
    });
    for (const sub of spec.subcommands ?? []) {
      it(`${spec.name} ${sub} --help`, async () => {
        const r = await tandem([spec.name, sub, "--help"]);
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        expect(r.stdout).toContain(`tandem ${spec.name} ${sub}`);
      });
    }
    it(`${spec.name} with an unknown option: one line, exit 2, pointing at its help`, async () => {
      const r = await tandem([spec.name, ...(spec.subcommands?.slice(0, 1) ?? []), "--no-such-option"]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stderr).toContain(`Run tandem ${spec.name}`);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    });
  }
});

describe("the overview and the version", () => {
  it("tandem --help names every command", async () => {
    const r = await tandem(["--help"]);
    expect(r.code).toBe(0);
    for (const spec of COMMANDS) expect(r.stdout).toContain(`tandem ${spec.name}`);
  });

  it("tandem help COMMAND and COMMAND -h print the same usage as --help", async () => {
    const [help, short, long] = await Promise.all([
      tandem(["help", "undo"]),
      tandem(["undo", "-h"]),
      tandem(["undo", "--help"]),
    ]);
    expect(help.stdout).toBe(long.stdout);
    expect(short.stdout).toBe(long.stdout);
  });

  it("-v, -V and --version print the version", async () => {
    for (const flag of ["-v", "-V", "--version"]) {
      const r = await tandem([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`tandem ${version}\n`);
    }
  });

  it("a mistyped option or command names what was meant", async () => {
    const option = await tandem(["exec", "--modle", "x", "hi"]);
    expect(option.code).toBe(2);
    expect(option.stderr).toBe(
      "tandem: exec: Unknown option '--modle'. Did you mean --model? Run tandem exec --help.\n",
    );
    const ui = await tandem(["--modle", "x"]);
    expect(ui.code).toBe(2);
    expect(ui.stderr).toBe("tandem: Unknown option '--modle'. Did you mean --model? Run tandem --help.\n");
    const command = await tandem(["exce"]);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("Did you mean tandem exec?");
  });

  it("--help after -- belongs to the sandboxed program, not to tandem", async () => {
    const r = await tandem([
      "sandbox",
      "--mode",
      "full-access",
      "--",
      "sh",
      "-c",
      'echo "got $1"',
      "sh",
      "--help",
    ]);
    expect(r.stdout).toBe("got --help\n");
    expect(r.code).toBe(0);
  });
});
