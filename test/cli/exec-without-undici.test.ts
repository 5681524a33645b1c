/**
 * `tandem exec` talks to the model without Node's fetch: undici, compiled on fetch's first use, cost every start
 * ~100 ms of CPU and 12–14 MB of RSS (docs/benchmarks.md, "Start-up"). The real CLI, the fake model server,
 * a shell call; a hook reports at exit whether undici was ever loaded.
 */
import { describe, expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { baseEnv, runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();

const REPORT_UNDICI =
  'data:text/javascript,import{writeSync}from"node:fs";process.on("exit",()=>writeSync(2,"undici loaded: "+process.moduleLoadList.some((m)=>m.includes("undici"))+"\\n"))';

describe("tandem exec's HTTP client", () => {
  it("streams a run with a tool call and never loads undici", async () => {
    const ws = await cli.workspace({ protocol: "openai-chat" });
    cli.server.enqueue(
      { kind: "reply", toolCalls: [{ name: "shell", arguments: { command: "echo hi" } }] },
      { kind: "reply", text: "It said hi." },
    );
    const r = await runTandem(["exec", "say hi"], {
      cwd: ws.cwd,
      env: baseEnv({ TANDEM_HOME: ws.home, FAKE_API_KEY: "sk-fake" }),
      nodeArgs: ["--import", REPORT_UNDICI],
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("It said hi.");
    expect(r.stderr).toContain("undici loaded: false");
  });
});
