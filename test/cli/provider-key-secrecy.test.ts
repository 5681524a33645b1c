/**
 * Regression (issue #9, item 9): a provider key held in a variable whose name does not look secret
 * (`api_key_env = "VENDOR_ACCESS"`) reached model-run commands, and from their output the session file, the
 * events and the model. Now every configured key variable, every copy of its value and every connection string
 * with a password is withheld from commands, and the key's value is redacted from everything the model, the
 * session file and the events carry. Checked on the host: the command's own environment dump, the session
 * file, every request body the fake server received, and the --json events.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { createGuardRepo } from "../support/guard-repo.ts";
import { parseEvents, runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();

const KEY = "vk-live-3f9a7c21d4e8b605aa17";
const DB_PASSWORD = "pgpw-91c2e7";
const DATABASE_URL = `postgres://app:${DB_PASSWORD}@db.internal:5432/app`;

const call = (command: string) => ({
  kind: "reply" as const,
  toolCalls: [{ name: "shell", arguments: { command } }],
});

describe("a configured provider key never reaches commands, the session file, events or the model", () => {
  it("scrubs the key variable, its copies and password URLs, and redacts the key from tool output and prompts", {
    timeout: 90_000,
  }, async () => {
    const ws = await cli.workspace({ config: "" });
    await writeFile(
      join(ws.home, "config.toml"),
      [
        'model = "vendor/fake-model"',
        "[providers.vendor]",
        'protocol = "openai-chat"',
        `base_url = "${cli.server.baseUrl("openai-chat")}"`,
        'api_key_env = "VENDOR_ACCESS"',
      ].join("\n"),
    );
    await createGuardRepo(ws.cwd, ws.root);
    await writeFile(join(ws.cwd, "notes.txt"), `the key is ${KEY} (do not share)\n`);
    await writeFile(join(ws.cwd, ".env"), `DATABASE_URL=${DATABASE_URL}\n`);
    const env = {
      ...ws.env,
      VENDOR_ACCESS: KEY,
      SOME_COPY: KEY,
      DATABASE_URL,
      PLAIN_URL: "https://example.com/path",
      KEEP_ME: "visible",
    };
    const before = cli.server.requests.length;
    cli.server.enqueue(
      // What the command sees, written on the host for the test to read.
      call("env > env-dump.txt; env"),
      // Files holding the key and the connection string, printed whole.
      call("cat notes.txt .env"),
      // The key split across two output chunks: held back at the seam, redacted whole.
      call("head -c 16 notes.txt; sleep 0.3; tail -c +17 notes.txt"),
      { kind: "reply", text: "done" },
    );
    const r = await runTandem(["exec", "--json", `remember ${KEY} for later`], {
      cwd: ws.cwd,
      env,
      timeoutMs: 30_000,
    });
    expect(r.code, r.stderr).toBe(0);

    // The command's environment, as the command itself saw it.
    const dump = await readFile(join(ws.cwd, "env-dump.txt"), "utf8");
    expect(dump).toContain("KEEP_ME=visible");
    expect(dump).toContain("PLAIN_URL=https://example.com/path");
    expect(dump).not.toContain(KEY);
    expect(dump).not.toContain(DB_PASSWORD);
    expect(dump).not.toMatch(/^(VENDOR_ACCESS|SOME_COPY|DATABASE_URL)=/m);

    // The events (--json) and the human-facing stderr.
    expect(r.stdout).not.toContain(KEY);
    expect(r.stderr).not.toContain(KEY);
    const events = parseEvents(r.stdout);
    const finished = events.filter((e) => e.type === "tool_call_finished");
    expect(finished).toHaveLength(3);
    expect(String(finished[1]?.content)).toContain("the key is [redacted: VENDOR_ACCESS] (do not share)");
    expect(String(finished[1]?.content)).toContain("DATABASE_URL=[redacted: DATABASE_URL]");
    expect(r.stdout).not.toContain(DB_PASSWORD);
    expect(String(finished[2]?.content)).toContain("the key is [redacted: VENDOR_ACCESS] (do not share)");
    const live = events
      .filter((e) => e.type === "tool_output_delta" && e.call_id === finished[2]?.call_id)
      .map((e) => String(e.chunk))
      .join("");
    expect(live).toBe("the key is [redacted: VENDOR_ACCESS] (do not share)\n");

    // Every request the model server received (bodies: the key itself rightly goes in the auth header).
    const requests = cli.server.requests.slice(before);
    expect(requests).toHaveLength(4);
    for (const request of requests) {
      expect(JSON.stringify(request.body)).not.toContain(KEY);
      expect(JSON.stringify(request.body)).not.toContain(DB_PASSWORD);
    }
    expect(JSON.stringify(requests[0]?.body)).toContain("remember [redacted: VENDOR_ACCESS] for later");
    expect(requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);

    // The session file.
    const sessions = join(ws.home, "sessions");
    const files = (await readdir(sessions)).filter((f) => f.endsWith(".jsonl"));
    expect(files).toHaveLength(1);
    const session = await readFile(join(sessions, files[0] as string), "utf8");
    expect(session).toContain("[redacted: VENDOR_ACCESS]");
    expect(session).not.toContain(KEY);
    expect(session).not.toContain(DB_PASSWORD);
  });

  it("tandem sandbox runs its command with the same scrubbed environment", { timeout: 90_000 }, async () => {
    const ws = await cli.workspace({ config: "" });
    await writeFile(
      join(ws.home, "config.toml"),
      '[providers.vendor]\nprotocol = "openai-chat"\nbase_url = "http://127.0.0.1:9/v1"\napi_key_env = "VENDOR_ACCESS"\n',
    );
    const env = { ...ws.env, VENDOR_ACCESS: KEY, SOME_COPY: KEY, KEEP_ME: "visible" };
    const r = await runTandem(["sandbox", "--", "env"], { cwd: ws.cwd, env, timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("KEEP_ME=visible");
    expect(r.stdout).not.toContain(KEY);
  });

  it("a resumed session recorded before the key was configured does not send it again", {
    timeout: 90_000,
  }, async () => {
    const ws = await cli.workspace();
    cli.server.enqueue({ kind: "reply", text: "noted" });
    const first = await runTandem(["exec", `my key is ${KEY}`], {
      cwd: ws.cwd,
      env: ws.env,
      timeoutMs: 30_000,
    });
    expect(first.code, first.stderr).toBe(0);
    // Now the same value is a configured key.
    await writeFile(
      join(ws.home, "config.toml"),
      [
        'model = "fake/fake-model"',
        "[providers.fake]",
        'protocol = "openai-chat"',
        `base_url = "${cli.server.baseUrl("openai-chat")}"`,
        'api_key_env = "VENDOR_ACCESS"',
      ].join("\n"),
    );
    const before = cli.server.requests.length;
    cli.server.enqueue({ kind: "reply", text: "ok" });
    const r = await runTandem(["exec", "--resume", "last", "go on"], {
      cwd: ws.cwd,
      env: { ...ws.env, VENDOR_ACCESS: KEY },
      timeoutMs: 30_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const sent = JSON.stringify(cli.server.requests[before]?.body);
    expect(sent).toContain("my key is [redacted: VENDOR_ACCESS]");
    expect(sent).not.toContain(KEY);
  });
});
