/**
 * One casing on the wire: every key of every event `tandem exec --json` prints is snake_case, at any depth —
 * usage and cost, each tool's `details`, the run summary (issue 11). Walks real runs against the fake model:
 * every built-in tool once (apply_patch with a move, through a second model whose edit format is apply_patch),
 * then a resume, whose `session_started` carries the earlier totals; then the session file those runs wrote,
 * every line of it (header, entries with the stored messages and tool records, the events lines), and the
 * workspace's undo journal (its backup records are walked by test/safety/journal-format.test.ts).
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import {
  baseEnv,
  createWorkspace,
  fakeProviderConfig,
  parseEvents,
  runTandem,
} from "../support/run-tandem.ts";

const cli = registerCliE2E();

const call = (name: string, args: Record<string, unknown>) => ({
  kind: "reply" as const,
  toolCalls: [{ name, arguments: args }],
});

/** A key that is not snake_case: an upper-case letter anywhere (keys here are ASCII identifiers). */
const NOT_SNAKE = /[A-Z]/;

/** Every key at any depth, as `path.to.key`, that is not snake_case. */
function camelKeys(value: unknown, path = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => camelKeys(item, `${path}[${i}]`));
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    ...(NOT_SNAKE.test(key) ? [`${path}.${key}`] : []),
    ...camelKeys(inner, `${path}.${key}`),
  ]);
}

/** The camelCase keys of a run's events, each once, named by event type and path (`usage.cost.cachedInput`). */
const camelKeysOf = (events: { type: string }[]) => [...new Set(events.flatMap((e) => camelKeys(e, e.type)))];

/** A second model of the same fake provider whose edit tool is apply_patch. */
const PATCH_MODEL = [
  "[[models]]",
  'id = "fake/patch-model"',
  "context_window = 100000",
  "max_output = 4096",
  'edit_format = "apply_patch"',
].join("\n");

describe("the event stream's casing", () => {
  it("the walker finds a camelCase key at any depth (so the test below can fail)", () => {
    expect(camelKeys({ a_b: [{ c: { dropMe: 1 } }] })).toEqual([".a_b[0].c.dropMe"]);
    expect(camelKeys({ a_b: 1, details: { exit_code: 0 } })).toEqual([]);
  });

  it("has no camelCase key at any depth in a run with every tool, nor in its resume", async () => {
    const ws = await cli.workspace({
      config: fakeProviderConfig("openai-chat", cli.server.baseUrl("openai-chat"), PATCH_MODEL),
    });
    await writeFile(join(ws.cwd, "a.txt"), "one\ntwo\n");
    cli.server.enqueue(
      call("read", { path: "a.txt" }),
      call("edit", { path: "a.txt", old_string: "two\n", new_string: "TWO\n" }),
      call("write", { path: "b.txt", content: "bee\n" }),
      call("shell", { command: "echo hi; exit 3" }),
      call("todo", { items: [{ content: "check casing", status: "in_progress" }] }),
      call("grep", { pattern: "TWO" }),
      call("find", { pattern: "*.txt" }),
      call("ls", {}),
      call("read", { path: "." }),
      { kind: "reply", text: "Done." },
    );
    const first = await runTandem(["exec", "--json", "--mode", "full", "work"], {
      cwd: ws.cwd,
      env: ws.env,
      timeoutMs: 30_000,
    });
    expect(first.code, first.stderr).toBe(0);
    const events = parseEvents(first.stdout);
    const finished = events.filter((e) => e.type === "tool_call_finished");
    expect(finished.map((e) => e.tool)).toEqual([
      "read",
      "edit",
      "write",
      "shell",
      "todo",
      "grep",
      "find",
      "ls",
      "read",
    ]);
    expect(
      finished.every((e) => e.details !== undefined),
      JSON.stringify(finished),
    ).toBe(true);
    expect(events.some((e) => e.type === "usage")).toBe(true);
    expect(events.at(-1)?.type).toBe("session_finished");
    expect(camelKeysOf(events)).toEqual([]);

    cli.server.enqueue(
      call("read", { path: "b.txt" }),
      call("apply_patch", {
        input: "*** Begin Patch\n*** Update File: b.txt\n*** Move to: c.txt\n@@\n-bee\n+sea\n*** End Patch\n",
      }),
      { kind: "reply", text: "Moved." },
    );
    const resumed = await runTandem(
      ["exec", "--json", "--mode", "full", "--model", "fake/patch-model", "--resume", "last", "move it"],
      { cwd: ws.cwd, env: ws.env, timeoutMs: 30_000 },
    );
    expect(resumed.code, resumed.stderr).toBe(0);
    const more = parseEvents(resumed.stdout);
    expect(more[0]).toMatchObject({ type: "session_started", resumed: true });
    expect(more[0]?.session_usage).toBeDefined();
    const patch = more.find((e) => e.type === "tool_call_finished" && e.tool === "apply_patch");
    expect(patch, JSON.stringify(patch)).toMatchObject({
      status: "ok",
      details: { changes: [{ path: "b.txt", move_path: "c.txt" }] },
    });
    expect(camelKeysOf(more)).toEqual([]);

    // The session file: one casing on disk too (format v3: the stored messages' own fields as well).
    const sessions = join(ws.home, "sessions");
    const [file] = await readdir(sessions);
    const lines = (await readFile(join(sessions, file ?? ""), "utf8"))
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string });
    expect(lines[0]).toMatchObject({ type: "session", version: 3 });
    expect(lines.filter((l) => l.type === "message").length).toBeGreaterThan(20);
    expect(lines.some((l) => l.type === "events")).toBe(true);
    expect(camelKeysOf(lines)).toEqual([]);

    // The undo journal those runs wrote (every changing step and what it left): snake_case too, after its header.
    const checkpoints = join(ws.home, "checkpoints");
    const [journalFile] = (await readdir(checkpoints)).filter((f) => f.endsWith(".undo.jsonl"));
    const journal = (await readFile(join(checkpoints, journalFile ?? ""), "utf8"))
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string });
    expect(journal[0]).toEqual({ type: "journal", version: 2 });
    expect(journal.filter((l) => l.type === "step").length).toBeGreaterThan(2);
    expect(journal.some((l) => l.type === "after")).toBe(true);
    expect(camelKeysOf(journal)).toEqual([]);
  });
});

describe("the other --json outputs' casing", () => {
  it("tandem models --json and tandem policy check --json print snake_case keys only", async () => {
    const ws = await createWorkspace();
    try {
      const env = baseEnv({ TANDEM_HOME: ws.home });
      const models = await runTandem(["models", "--json"], { cwd: ws.cwd, env });
      expect(models.code, models.stderr).toBe(0);
      const catalog = JSON.parse(models.stdout) as Record<string, unknown>[];
      // A catalog entry with prices, quirks and capabilities, in the config file's names.
      expect(catalog.find((m) => m.id === "anthropic/claude-opus-4-6")).toMatchObject({
        context_window: expect.any(Number),
        max_output: expect.any(Number),
        prices: { cache_read: expect.any(Number), cache_write: expect.any(Number) },
        capabilities: { edit_format: "edit" },
      });
      expect(camelKeys(catalog)).toEqual([]);

      // Refused in auto mode without a sandbox: the verdict carries how_to_allow.
      const policy = await runTandem(
        ["policy", "check", "--json", "--sandbox", "full-access", "curl -X POST https://example.com"],
        { cwd: ws.cwd, env },
      );
      expect(policy.code, policy.stderr).toBe(0);
      const verdict = JSON.parse(policy.stdout) as Record<string, unknown>;
      expect(verdict.how_to_allow).toEqual(expect.any(Array));
      expect(camelKeys(verdict)).toEqual([]);
    } finally {
      await ws.cleanup();
    }
  });
});
