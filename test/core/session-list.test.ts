import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newSessionId } from "../../src/core/ids.ts";
import { listSessions } from "../../src/core/session/list.ts";
import { startAgent } from "./harness.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tandem-list-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("listSessions", () => {
  it("lists sessions newest activity first with a preview of the first user message", async () => {
    const a = startAgent({ session: { dir }, cwd: "/proj/a", script: [{ text: "ok" }] });
    a.agent.submit({ type: "user_input", text: "  fix   the\nfailing test in parser.ts " });
    await a.finish();
    await new Promise((r) => setTimeout(r, 15));
    const b = startAgent({ session: { dir }, cwd: "/proj/b", script: [{ text: "ok" }] });
    b.agent.submit({ type: "user_input", text: "x".repeat(200) });
    await b.finish();
    writeFileSync(join(dir, "junk.jsonl"), "not json\n");
    writeFileSync(join(dir, "notes.txt"), "ignored");

    const list = await listSessions(dir);
    expect(list.map((s) => s.id)).toEqual([b.agent.sessionId, a.agent.sessionId]);
    expect(list[1]).toMatchObject({
      cwd: "/proj/a",
      model: "test/model-a",
      preview: "fix the failing test in parser.ts",
    });
    expect(list[0]?.preview).toHaveLength(80);
    expect(list[0]?.preview.endsWith("…")).toBe(true);
    expect(Date.parse(list[0]?.last_activity ?? "")).toBeGreaterThan(
      Date.parse(list[0]?.created_at ?? "") - 1,
    );
  });

  it("lists nothing for a missing directory", async () => {
    expect(await listSessions(join(dir, "missing"))).toEqual([]);
  });

  it("makes ids that sort by creation time", () => {
    const early = newSessionId(new Date("2026-11-24T18:50:00Z"));
    const late = newSessionId(new Date("2026-11-24T18:50:01Z"));
    expect(early).toMatch(/^20261124T185000-[0-9a-f]{4}$/);
    expect([late, early].sort()).toEqual([early, late]);
  });
});
