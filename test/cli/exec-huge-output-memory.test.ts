/**
 * Regression (issue #9, item 13): one command printing 1 GB made `tandem exec --json` grow to 2.8 GB, because
 * every byte of live output became a `tool_output_delta` event. Live output is now bounded like what the model
 * sees (docs/events.md): the tandem process stays small, the events say how much they left out, and the
 * full-output file still holds every byte.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { parseEvents, startTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();

const TOTAL = 200 * 1024 * 1024;
const LINE = "0123456789abcdefghijklmnopqrstuvwxyz\n";

/**
 * The V8 flags of the real launcher (bin/tandem.js's first line): without them compiling the shell parser's
 * WebAssembly alone peaks near 600 MB, which would hide what this test measures.
 */
function launcherFlags(): string[] {
  const shebang = readFileSync(new URL("../../bin/tandem.js", import.meta.url), "utf8").split("\n")[0] ?? "";
  return shebang.split(/\s+/).filter((part) => part.startsWith("--"));
}

/** Peak resident memory (VmHWM) of a process, in bytes, or 0 once it has gone. */
async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

it("a command printing 200 MB: peak RSS stays under 300 MB, events are bounded, the file is whole", async () => {
  const ws = await cli.workspace();
  const command = `awk 'BEGIN { for (;;) print "${LINE.trim()}" }' | head -c ${TOTAL}`;
  cli.server.enqueue({ kind: "reply", toolCalls: [{ name: "shell", arguments: { command } }] });
  // Read the full-output file while tandem is alive (it removes its temp files on exit).
  let saved: { path: string; size: number; head: string; tail: string } | undefined;
  cli.server.enqueue((request) => {
    const path = /saved to (\S+?\.log)/.exec(JSON.stringify(request.body))?.[1];
    if (path) {
      const size = statSync(path).size;
      const fd = openSync(path, "r");
      const piece = (at: number, length: number) => {
        const buf = Buffer.alloc(length);
        readSync(fd, buf, 0, length, at);
        return buf.toString("latin1");
      };
      saved = { path, size, head: piece(0, LINE.length * 2), tail: piece(size - 8, 8) };
      closeSync(fd);
    }
    return { kind: "reply", text: "done" };
  });
  const { child, result } = startTandem(["exec", "--json", "print a lot"], {
    cwd: ws.cwd,
    env: ws.env,
    timeoutMs: 120_000,
    nodeArgs: launcherFlags(),
  });
  let peak = 0;
  const sampler = setInterval(async () => {
    if (child.pid) peak = Math.max(peak, await peakRss(child.pid));
  }, 25);
  const r = await result;
  clearInterval(sampler);

  expect(r.code).toBe(0);
  expect(peak).toBeGreaterThan(0);
  expect(peak).toBeLessThan(300 * 1024 * 1024);

  const events = parseEvents(r.stdout);
  const deltas = events.filter((e) => e.type === "tool_output_delta");
  const shown = deltas.reduce((n, e) => n + Buffer.byteLength(String(e.chunk)), 0);
  const dropped = deltas.reduce((n, e) => n + Number(e.dropped ?? 0), 0);
  expect(shown).toBeLessThan(2 * 1024 * 1024);
  expect(shown + dropped).toBe(TOTAL);
  expect(r.stdout.length).toBeLessThan(4 * 1024 * 1024);

  expect(saved?.size).toBe(TOTAL);
  expect(saved?.head).toBe(LINE + LINE);
  // The last, cut line: the first TOTAL % LINE.length characters of LINE.
  expect(saved?.tail).toBe(LINE.slice(0, TOTAL % LINE.length).slice(-8));
  const finished = events.find((e) => e.type === "tool_call_finished");
  expect(String(finished?.content)).toContain(`full output (${TOTAL} bytes) saved to`);
}, 180_000);
