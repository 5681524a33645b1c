/**
 * Each tool result's session entry keeps what the UI showed (status, duration, details) as `ui`; oversized
 * details are dropped; a resumed session's requests never carry any of it; no environment secret reaches it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createToolSet } from "../../src/app/tool-set.ts";
import { readSession } from "../../src/core/session/reader.ts";
import { MAX_DETAILS_BYTES, toolRecordOf } from "../../src/core/session/tool-record.ts";
import { type AnyTool, defineTool, type ToolResult } from "../../src/core/tool.ts";
import { createShellTool } from "../../src/tools/shell.ts";
import { expectValidHistory, startAgent } from "./harness.ts";

let dir: string;
let cwd: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tandem-sessions-"));
  cwd = mkdtempSync(join(tmpdir(), "tandem-ws-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cwd, { recursive: true, force: true });
});

type Line = Record<string, unknown> & {
  message?: { role: string; tool_name?: string };
  ui?: Record<string, unknown>;
};
const lines = (path: string) =>
  readFileSync(path, "utf8")
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as Line);
const results = (path: string) => lines(path).filter((l) => l.message?.role === "tool_result");

const call = (name: string, args: Record<string, unknown>) => ({ toolCalls: [{ name, arguments: args }] });

describe("tool records in session files", () => {
  it("saves status, duration and details with each tool result, and a resumed request carries none of it", async () => {
    writeFileSync(join(cwd, "a.txt"), "one\ntwo\n");
    const first = startAgent({
      session: { dir },
      cwd,
      tools: createToolSet({ cwd }).tools,
      gate: {
        check: async (c) =>
          c.tool.name === "shell" ? { action: "deny", reason: "no shell here" } : { action: "allow" },
      },
      script: [
        call("read", { path: "a.txt" }),
        call("edit", { path: "a.txt", old_string: "two", new_string: "TWO" }),
        call("todo", { items: [{ content: "Edit a.txt", status: "completed" }] }),
        call("shell", { command: "true" }),
        { text: "done" },
      ],
    });
    first.agent.submit({ type: "user_input", text: "change a.txt" });
    await first.finish();
    const id = first.agent.sessionId;
    const path = join(dir, `${id}.jsonl`);

    const saved = results(path);
    expect(saved.map((l) => [l.message?.tool_name, l.ui?.status, l.ui?.kind])).toEqual([
      ["read", "ok", "read"],
      ["edit", "ok", "edit"],
      ["todo", "ok", "think"],
      ["shell", "denied", "execute"],
    ]);
    const finished = first.ofType("tool_call_finished");
    expect(saved.map((l) => l.ui?.duration_ms)).toEqual(finished.map((f) => f.duration_ms));
    expect(saved[1]?.ui?.details).toMatchObject({ path: "a.txt", replacements: 1 });
    expect(JSON.stringify(saved[1]?.ui?.details)).toContain("+TWO");
    expect(saved[2]?.ui?.details).toEqual({ items: [{ content: "Edit a.txt", status: "completed" }] });
    // Only tool results carry a record.
    expect(lines(path).filter((l) => l.ui !== undefined)).toHaveLength(4);

    const loaded = await readSession(path);
    expect(loaded.history.filter((i) => i.ui).map((i) => i.ui?.status)).toEqual(["ok", "ok", "ok", "denied"]);
    expect(loaded.history.filter((i) => i.ui).map((i) => i.ui?.kind)).toEqual([
      "read",
      "edit",
      "think",
      "execute",
    ]);

    const second = startAgent({ session: { dir, resume: id }, cwd, script: [{ text: "ok" }] });
    second.agent.submit({ type: "user_input", text: "again" });
    await second.finish();
    const sent = second.client.requests[0]?.messages ?? [];
    expectValidHistory(sent);
    // Exactly the messages the first session sent (then its final answer and the new input), no records.
    expect(sent.slice(0, -2)).toEqual(first.client.requests.at(-1)?.messages);
    const body = JSON.stringify(sent);
    for (const key of ['"ui"', "duration_ms", "replacements", '"details"', "details_dropped"])
      expect(body).not.toContain(key);
  });

  it("records an interrupted call as interrupted, with the details it returned", async () => {
    const waiter = defineTool({
      name: "wait",
      description: "Waits until interrupted.",
      kind: "read",
      parameters: z.object({}),
      execute: (_args, ctx) =>
        new Promise<ToolResult>((resolve) =>
          ctx.signal.addEventListener("abort", () =>
            resolve({ content: "stopped", details: { waited: true } }),
          ),
        ),
    });
    const h = startAgent({ session: { dir }, tools: [waiter as AnyTool], script: [call("wait", {})] });
    h.agent.submit({ type: "user_input", text: "wait" });
    await h.waitFor("tool_call_started");
    await new Promise((r) => setTimeout(r, 30));
    h.agent.submit({ type: "interrupt" });
    await h.finish();
    const [result] = results(join(dir, `${h.agent.sessionId}.jsonl`));
    expect(result?.ui).toMatchObject({ status: "interrupted", details: { waited: true } });
    expect(result?.ui?.duration_ms).toBeGreaterThanOrEqual(25);
  });

  it("drops details over the cap and says so; small ones stay", async () => {
    const big = defineTool({
      name: "big",
      description: "Returns large details.",
      kind: "read",
      parameters: z.object({ kb: z.number() }),
      async execute(args) {
        return { content: `made ${args.kb} KB`, details: { blob: "x".repeat(args.kb * 1024) } };
      },
    });
    const h = startAgent({
      session: { dir },
      tools: [big as AnyTool],
      script: [call("big", { kb: 100 }), call("big", { kb: 1 }), { text: "done" }],
    });
    h.agent.submit({ type: "user_input", text: "go" });
    await h.finish();
    const path = join(dir, `${h.agent.sessionId}.jsonl`);
    const [dropped, kept] = results(path);
    expect(dropped?.ui).toMatchObject({ status: "ok", details_dropped: "too_large" });
    expect(dropped?.ui).not.toHaveProperty("details");
    expect(kept?.ui?.details).toEqual({ blob: "x".repeat(1024) });
    expect(kept?.ui).not.toHaveProperty("details_dropped");
    expect(readFileSync(path, "utf8").length).toBeLessThan(20_000);
  });

  it("measures the cap in bytes of JSON and drops details JSON cannot hold", () => {
    const event = (details: unknown) => ({
      type: "tool_call_finished" as const,
      turn_id: "t",
      call_id: "c",
      tool: "x",
      kind: "other" as const,
      status: "ok" as const,
      content: "",
      details,
      duration_ms: 5,
    });
    // 30,000 three-byte characters: under the cap in characters, over it in bytes.
    expect(toolRecordOf(event({ s: "€".repeat(30_000) }), MAX_DETAILS_BYTES).details_dropped).toBe(
      "too_large",
    );
    expect(toolRecordOf(event({ s: "€".repeat(20_000) })).details).toEqual({ s: "€".repeat(20_000) });
    expect(toolRecordOf(event({ n: 1n }))).toEqual({
      status: "ok",
      kind: "other",
      duration_ms: 5,
      details_dropped: "not_json",
    });
    expect(toolRecordOf(event(undefined))).toEqual({ status: "ok", kind: "other", duration_ms: 5 });
  });

  it("keeps environment secrets out of the session file (shell details carry no environment)", async () => {
    const secret = "sk-test-SECRET-0123456789abcdef";
    const shell = createShellTool({ baseEnv: { ...process.env, OPENAI_API_KEY: secret, MY_TOKEN: secret } });
    const h = startAgent({
      session: { dir },
      cwd,
      tools: [shell as AnyTool],
      script: [call("shell", { command: 'env; echo "key=$OPENAI_API_KEY"' }), { text: "done" }],
    });
    h.agent.submit({ type: "user_input", text: "show env" });
    await h.finish();
    const path = join(dir, `${h.agent.sessionId}.jsonl`);
    const [result] = results(path);
    expect(Object.keys(result?.ui?.details as object).sort()).toEqual(
      ["aborted", "duration_ms", "exit_code", "signal", "timed_out", "truncated"].sort(),
    );
    expect(readFileSync(path, "utf8")).not.toContain(secret);
  });
});
