/**
 * `tandem exec` end to end, for every wire protocol: the real CLI process, the real client, the fake model
 * server speaking the vendor's format, a real shell command, a real file.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ProtocolId } from "../../src/providers/types.ts";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { baseEnv, parseEvents, runTandem } from "../support/run-tandem.ts";

const protocols: ProtocolId[] = ["openai-responses", "openai-chat", "anthropic-messages", "google-gemini"];

const cli = registerCliE2E();

describe.each(protocols)("tandem exec over %s", (protocol) => {
  it("runs a tool, feeds the result back and finishes (--json)", async () => {
    const ws = await cli.workspace({ protocol });
    const first = cli.server.requests.length;
    cli.server.enqueue(
      {
        kind: "reply",
        text: "I'll write the file.",
        toolCalls: [{ name: "shell", arguments: { command: "printf hello > out.txt && echo wrote" } }],
        usage: { input: 1000, output: 50 },
      },
      {
        kind: "reply",
        text: "Done: out.txt says hello.",
        usage: { input: 1200, cached_input: 800, output: 10 },
      },
    );
    const r = await runTandem(["exec", "--json", "write hello to out.txt"], {
      cwd: ws.cwd,
      env: baseEnv({ TANDEM_HOME: ws.home, FAKE_API_KEY: "sk-fake-secret-123" }),
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(await readFile(join(ws.cwd, "out.txt"), "utf8")).toBe("hello");

    const events = parseEvents(r.stdout);
    const types = events.map((e) => e.type);
    expect(types[0]).toBe("session_started");
    expect(types.at(-1)).toBe("session_finished");
    expect(types).toContain("tool_call_started");
    const finished = events.find((e) => e.type === "tool_call_finished");
    expect(finished).toMatchObject({ tool: "shell", status: "ok" });
    expect(String(finished?.content)).toContain("wrote");
    expect(events.find((e) => e.type === "turn_finished")).toMatchObject({ status: "done", steps: 2 });
    const text = events
      .filter((e) => e.type === "message_delta")
      .map((e) => e.delta)
      .join("");
    expect(text).toContain("Done: out.txt says hello.");

    // The second request carried the tool result back to the model, in this protocol's shape.
    const second = cli.server.requests[first + 1];
    expect(second?.protocol).toBe(protocol);
    expect(JSON.stringify(second?.body)).toContain("wrote");
    // The key went on the wire but nowhere else.
    expect(r.stdout).not.toContain("sk-fake-secret-123");
    const session = await readFile(join(ws.home, "sessions", `${events[0]?.session_id}.jsonl`), "utf8");
    expect(session).not.toContain("sk-fake-secret-123");
    expect(session).toContain("write hello to out.txt");
  });

  it("prints text to stdout and tool lines and a summary with cost to stderr", async () => {
    const ws = await cli.workspace({ protocol });
    cli.server.enqueue(
      { kind: "reply", toolCalls: [{ name: "ls", arguments: {} }], usage: { input: 1_000_000, output: 0 } },
      { kind: "reply", text: "The folder is empty.", usage: { input: 1_000_000, output: 500_000 } },
    );
    const r = await runTandem(["exec", "what is here?"], { cwd: ws.cwd, env: ws.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("The folder is empty.\n");
    expect(r.stderr).toMatch(/✓ ls/);
    // Prices in the test catalog: $1 per M input, $2 per M output → 2M input + 0.5M output = $3.00.
    expect(r.stderr).toMatch(/done · 2 steps · 2\.0M in \/ 500k out · \$3\.00 · /);
  });
});
