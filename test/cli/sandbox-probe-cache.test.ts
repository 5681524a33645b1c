/**
 * `tandem exec` keeps bubblewrap's last good probe on disk (src/sandbox/probe-cache.ts): the next start takes the
 * answer from there instead of spawning the probe before its first request, and checks it with a real probe at
 * the end of its background work, or before its first sandboxed command if that comes sooner. Through a `bwrap`
 * on PATH that logs each probe (its arguments end with `true`) and then runs the real one, or that fails as
 * bubblewrap does where user namespaces were switched off.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROBE_ARGS } from "../../src/sandbox/detect.ts";
import { keepSuccess, probeCacheFile, probeKey } from "../../src/sandbox/probe-cache.ts";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { parseEvents, runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();
const realBwrap = execFileSync("sh", ["-c", "command -v bwrap"], { encoding: "utf8" }).trim();
const now = () => performance.timeOrigin + performance.now();

/** A workspace whose PATH starts with a folder holding `bwrap` = `script`, and its own cache folder. */
async function setup(script: (log: string) => string) {
  const ws = await cli.workspace();
  const bin = join(ws.root, "bin");
  const log = join(ws.root, "bwrap.log");
  await mkdir(bin);
  await writeFile(join(bin, "bwrap"), script(log));
  await chmod(join(bin, "bwrap"), 0o755);
  const env = { ...ws.env, PATH: `${bin}:${ws.env.PATH}`, XDG_CACHE_HOME: join(ws.root, "cache") };
  const cacheFile = probeCacheFile(env) as string;
  const runs = () => (existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean) : []);
  return { ws, env, cacheFile, runs };
}

describe("the sandbox probe's cache", () => {
  it("a second start sends its first request without waiting for the probe; its command waits for the check", async () => {
    // The probe takes 2 s here: a start that waits for it cannot reach the model sooner.
    const { ws, env, cacheFile, runs } = await setup(
      (log) =>
        `#!/bin/sh\nfor last; do :; done\nif [ "$last" = true ]; then echo probe >> '${log}'; sleep 2; fi\nexec '${realBwrap}' "$@"\n`,
    );
    const firstRequestAfter = async () => {
      const before = cli.server.requests.length;
      cli.server.enqueue(
        { kind: "reply", toolCalls: [{ name: "shell", arguments: { command: "echo hi > hi.txt" } }] },
        { kind: "reply", text: "done" },
      );
      const started = now();
      const r = await runTandem(["exec", "hi"], { cwd: ws.cwd, env, timeoutMs: 30_000 });
      expect(r.code, r.stderr).toBe(0);
      return (cli.server.requests[before]?.receivedAt ?? Number.NaN) - started;
    };

    expect(await firstRequestAfter()).toBeGreaterThanOrEqual(2000);
    expect(runs()).toEqual(["probe"]);
    expect(existsSync(cacheFile)).toBe(true);

    expect(await firstRequestAfter()).toBeLessThan(2000);
    // The answer was still checked, after the request and before the command ran.
    expect(runs()).toEqual(["probe", "probe"]);
    expect(readFileSync(join(ws.cwd, "hi.txt"), "utf8")).toBe("hi\n");
  });

  it("a kept answer that is no longer true runs nothing: the command is refused with the reason", async () => {
    const { ws, env, cacheFile, runs } = await setup(
      (log) =>
        `#!/bin/sh\necho "$@" >> '${log}'\necho 'bwrap: setting up uid map: Permission denied' >&2\nexit 1\n`,
    );
    // The answer kept when this bubblewrap still worked: same file, kernel, user and settings.
    const key = probeKey({ bwrapPath: "bwrap", probeArgs: PROBE_ARGS, path: env.PATH });
    expect(key).toBeDefined();
    keepSuccess(cacheFile, key as string);
    const marker = join(ws.root, "ran");
    cli.server.enqueue(
      { kind: "reply", toolCalls: [{ name: "shell", arguments: { command: `touch ${marker}` } }] },
      { kind: "reply", text: "done" },
    );
    const r = await runTandem(["exec", "--json", "go"], { cwd: ws.cwd, env, timeoutMs: 30_000 });
    const shell = parseEvents(r.stdout).find((e) => e.type === "tool_call_finished" && e.tool === "shell") as
      | { status: string; content?: string }
      | undefined;
    expect(shell?.status, r.stdout).toBe("error");
    expect(JSON.stringify(shell)).toContain("user namespaces are not available");
    // On the host: the command never ran, bubblewrap was only ever asked the probe, and the answer is gone.
    expect(existsSync(marker)).toBe(false);
    expect(runs()).toEqual([PROBE_ARGS.join(" ")]);
    expect(existsSync(cacheFile)).toBe(false);
  });
});
