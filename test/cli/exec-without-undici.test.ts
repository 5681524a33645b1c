/**
 * What `tandem exec` leaves out of its start (docs/benchmarks.md, "Start-up"), in one run of the real CLI against
 * the fake model server with a shell call:
 * - it talks to the model without Node's fetch: undici, compiled on fetch's first use, cost every start ~100 ms
 *   of CPU and 12–14 MB of RSS; a hook reports at exit whether undici was ever loaded;
 * - it probes bubblewrap once, in the background while its modules load, never with a synchronous spawn that
 *   would stop start-up for the probe's ~20 ms; a hook counts the probe's runs (bwrap around `true`) by how they
 *   were spawned.
 */
import { describe, expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { baseEnv, runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();

const REPORT_UNDICI =
  'data:text/javascript,import{writeSync}from"node:fs";process.on("exit",()=>writeSync(2,"undici loaded: "+process.moduleLoadList.some((m)=>m.includes("undici"))+"\\n"))';

const COUNT_PROBES = `data:text/javascript,${encodeURIComponent(`
import { syncBuiltinESMExports } from "node:module";
import { writeSync } from "node:fs";
const cp = process.getBuiltinModule("node:child_process");
const isProbe = (file, args) => /bwrap$/.test(file) && Array.isArray(args) && args.at(-1) === "true";
const counts = { sync: 0, async: 0 };
const { spawn, spawnSync } = cp;
cp.spawnSync = function (file, args, ...rest) {
  if (isProbe(file, args)) counts.sync++;
  return spawnSync.call(this, file, args, ...rest);
};
cp.spawn = function (file, args, ...rest) {
  if (isProbe(file, args)) counts.async++;
  return spawn.call(this, file, args, ...rest);
};
syncBuiltinESMExports();
process.on("exit", () => writeSync(2, "bwrap probes: " + JSON.stringify(counts) + "\\n"));
`)}`;

describe("tandem exec's start", () => {
  it("streams a run with a sandboxed tool call, never loads undici, and probes bubblewrap once in the background", async () => {
    const ws = await cli.workspace({ protocol: "openai-chat" });
    cli.server.enqueue(
      { kind: "reply", toolCalls: [{ name: "shell", arguments: { command: "echo hi" } }] },
      { kind: "reply", text: "It said hi." },
    );
    const r = await runTandem(["exec", "say hi"], {
      cwd: ws.cwd,
      env: baseEnv({ TANDEM_HOME: ws.home, FAKE_API_KEY: "sk-fake" }),
      nodeArgs: ["--import", REPORT_UNDICI, "--import", COUNT_PROBES],
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("It said hi.");
    expect(r.stderr).toContain("undici loaded: false");
    expect(r.stderr).toContain('bwrap probes: {"sync":0,"async":1}');
  });
});
