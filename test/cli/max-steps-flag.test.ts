/**
 * The step limit has one name: `--max-steps` on the command line and `max_steps` in config; `--max-turns`, the
 * flag's old name, is still accepted. Each spelling really stops the run at its limit (the fake model keeps
 * asking for tools), and giving both names at once is a usage error rather than a silent pick.
 */
import { describe, expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { fakeProviderConfig, parseEvents, runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();

/** Queues more tool-calling replies than any limit below, so only the limit can end the turn. */
function loopForever(): void {
  for (let i = 0; i < 6; i++)
    cli.server.enqueue({ kind: "reply", toolCalls: [{ name: "ls", arguments: {} }] });
}

function stoppedAt(stdout: string): unknown {
  return parseEvents(stdout).find((e) => e.type === "turn_finished");
}

describe("the step limit: --max-steps, max_steps, and the old --max-turns", () => {
  for (const flag of ["--max-steps", "--max-turns"]) {
    it(`${flag} 2 stops after two model requests`, async () => {
      const ws = await cli.workspace();
      loopForever();
      const before = cli.server.requests.length;
      const r = await runTandem(["exec", "--json", flag, "2", "loop"], { cwd: ws.cwd, env: ws.env });
      expect(r.code).toBe(1);
      expect(stoppedAt(r.stdout)).toMatchObject({ status: "failed", reason: "max_steps", steps: 2 });
      expect(cli.server.requests.length - before).toBe(2);
    });
  }

  it("max_steps in config sets the limit when no flag does, and the flag wins over it", async () => {
    const config = `max_steps = 1\n${fakeProviderConfig("openai-chat", cli.server.baseUrl("openai-chat"))}`;
    const ws = await cli.workspace({ config });
    loopForever();
    const fromConfig = await runTandem(["exec", "--json", "loop"], { cwd: ws.cwd, env: ws.env });
    expect(stoppedAt(fromConfig.stdout)).toMatchObject({ reason: "max_steps", steps: 1 });
    cli.server.clear();
    loopForever();
    const fromFlag = await runTandem(["exec", "--json", "--max-steps", "3", "loop"], {
      cwd: ws.cwd,
      env: ws.env,
    });
    expect(stoppedAt(fromFlag.stdout)).toMatchObject({ reason: "max_steps", steps: 3 });
  });

  it("a bad value names the spelling that was given; both spellings at once is a usage error", async () => {
    const ws = await cli.workspace();
    const bad = await runTandem(["exec", "--max-steps", "0", "hi"], { cwd: ws.cwd, env: ws.env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-steps takes a whole number above 0, not "0"');
    const oldBad = await runTandem(["exec", "--max-turns", "x", "hi"], { cwd: ws.cwd, env: ws.env });
    expect(oldBad.code).toBe(2);
    expect(oldBad.stderr).toContain('--max-turns takes a whole number above 0, not "x"');
    const both = await runTandem(["exec", "--max-steps", "2", "--max-turns", "2", "hi"], {
      cwd: ws.cwd,
      env: ws.env,
    });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--max-turns is the old name of --max-steps");
  });
});
