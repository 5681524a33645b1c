import { describe, expect, it } from "vitest";
import { findTool } from "../../src/core/tool-lookup.ts";
import { startAgent } from "./harness.ts";
import { echoTool, writeTool } from "./test-tools.ts";

describe("invalid tool calls", () => {
  it("answers bad JSON, schema errors and unknown tools with readable errors and keeps going", async () => {
    const h = startAgent({
      tools: [echoTool()],
      script: [
        {
          toolCalls: [
            { name: "read_file", arguments: '{"path": "a.txt"' },
            { name: "read_file", arguments: { path: 42, offset: "x" } },
            { name: "delete_everything", arguments: {} },
          ],
        },
        { text: "sorry" },
      ],
    });
    h.agent.submit({ type: "user_input", text: "go" });
    await h.finish();
    const [json, schema, unknown] = h.ofType("tool_call_finished");
    expect(json?.status).toBe("error");
    expect(json?.content).toContain("not valid JSON");
    expect(json?.content).toContain('{\\"path\\": \\"a.txt\\"');
    expect(schema?.status).toBe("error");
    expect(schema?.content).toMatch(/- path: .*expected string/);
    expect(schema?.content).toMatch(/- offset: .*expected number/);
    expect(unknown?.status).toBe("error");
    expect(unknown?.content).toBe(
      'unknown tool "delete_everything": it does not exist. Available tools: read_file.',
    );
    // Raw arguments are reported when validation failed.
    expect(h.ofType("tool_call_started")[0]?.arguments).toBe('{"path": "a.txt"');
    expect(h.ofType("turn_finished")[0]).toMatchObject({ status: "done", steps: 2 });
    const results = (h.client.requests[1]?.messages ?? []).filter((m) => m.role === "tool_result");
    expect(results).toHaveLength(3);
    expect(results.every((r) => r.isError)).toBe(true);
  });

  it("repairs unambiguous near-miss names", async () => {
    const h = startAgent({
      tools: [echoTool()],
      script: [
        {
          toolCalls: [
            { name: "ReadFile", arguments: { path: "a" } },
            { name: "read-file", arguments: { path: "b" } },
            { name: "functions.read_file", arguments: { path: "c" } },
          ],
        },
        { text: "ok" },
      ],
    });
    h.agent.submit({ type: "user_input", text: "go" });
    await h.finish();
    const finished = h.ofType("tool_call_finished");
    expect(finished.map((f) => [f.tool, f.status])).toEqual([
      ["read_file", "ok"],
      ["read_file", "ok"],
      ["read_file", "ok"],
    ]);
  });

  it("does not guess when a normalized name matches several tools or none", () => {
    const a = { ...echoTool(), name: "read_file" };
    const b = { ...echoTool(), name: "readFile" };
    const both = findTool("READFILE", [a, b]);
    expect("error" in both && both.error).toContain("matches several tools");
    expect("error" in findTool("read", [a, writeTool([])])).toBe(true);
    expect("error" in findTool("readfiles", [a])).toBe(true);
  });
});
