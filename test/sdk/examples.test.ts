/**
 * Every script in examples/ runs against the fake model server and does what it says: the file is written,
 * the events stream, the custom tool runs and its result reaches the model, the steering message reaches the
 * next request, approvals are answered from code.
 */
import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { examplesDir, runScript } from "./run-script.ts";

const cli = registerCliE2E();
const example = (name: string) => join(examplesDir, name);

/** Everything the model was sent in request `index`, as text. */
const requestText = (index: number) => JSON.stringify(cli.server.requests[index]?.body);

describe("examples", () => {
  it("one-shot: runs one task to its end and prints the answer", async () => {
    const ws = await cli.workspace();
    cli.server.enqueue(
      { kind: "reply", toolCalls: [{ name: "write", arguments: { path: "hello.txt", content: "hello\n" } }] },
      { kind: "reply", text: "Created hello.txt." },
    );
    const r = await runScript(example("one-shot.ts"), [], { cwd: ws.cwd, env: ws.env });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(ws.cwd, "hello.txt"), "utf8")).toBe("hello\n");
    expect(r.stdout).toContain("Created hello.txt.");
  });

  it("one-shot: a failed turn exits 1 with the error's stable code", async () => {
    const ws = await cli.workspace();
    cli.server.enqueue({ kind: "error", status: 401, errorType: "auth" });
    const r = await runScript(example("one-shot.ts"), ["hi"], { cwd: ws.cwd, env: ws.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("failed (auth)");
  });

  it("streaming: prints the text as it streams and each tool call", async () => {
    const ws = await cli.workspace();
    await writeFile(join(ws.cwd, "notes.txt"), "one\n");
    cli.server.enqueue(
      { kind: "reply", toolCalls: [{ name: "read", arguments: { path: "notes.txt" } }] },
      { kind: "reply", text: "The notes say one.", chunkSize: 4 },
    );
    const r = await runScript(example("streaming.ts"), ["what do the notes say?"], {
      cwd: ws.cwd,
      env: ws.env,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('→ read {"path":"notes.txt"}');
    expect(r.stdout).toContain("← read: ok");
    expect(r.stdout).toContain("The notes say one.\n");
  });

  it("custom-tool: the model's call runs the tool and its result reaches the next request", async () => {
    const ws = await cli.workspace();
    await writeFile(join(ws.cwd, "README.md"), "a\nb\nc\n");
    const before = cli.server.requests.length;
    cli.server.enqueue(
      { kind: "reply", toolCalls: [{ name: "count_lines", arguments: { path: "README.md" } }] },
      { kind: "reply", text: "README.md has 3 lines." },
    );
    const r = await runScript(example("custom-tool.ts"), [], { cwd: ws.cwd, env: ws.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("count_lines ran on README.md: 3");
    // Offered to the model, and its result sent back.
    expect(requestText(before)).toContain("count_lines");
    expect(requestText(before + 1)).toContain("README.md has 3 lines");
  });

  it("steering: the message sent while a tool runs reaches the next request", async () => {
    const ws = await cli.workspace();
    const before = cli.server.requests.length;
    cli.server.enqueue(
      { kind: "reply", toolCalls: [{ name: "shell", arguments: { command: "sleep 1; echo tests pass" } }] },
      { kind: "reply", text: "Tests pass; API unchanged." },
    );
    const r = await runScript(example("steering.ts"), ["run the tests", "keep the API unchanged"], {
      cwd: ws.cwd,
      env: ws.env,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("steered during shell");
    expect(requestText(before)).not.toContain("keep the API unchanged");
    expect(requestText(before + 1)).toContain("keep the API unchanged");
    expect(r.stdout).toContain("Tests pass; API unchanged.");
  });

  it("approvals: approves the file change and denies the command, whose note reaches the model", async () => {
    const ws = await cli.workspace();
    const before = cli.server.requests.length;
    cli.server.enqueue(
      {
        kind: "reply",
        toolCalls: [{ name: "write", arguments: { path: "README.md", content: "# tidy\n" } }],
      },
      { kind: "reply", toolCalls: [{ name: "shell", arguments: { command: "touch shell-ran" } }] },
      { kind: "reply", text: "Done." },
    );
    const r = await runScript(example("approvals.ts"), [], { cwd: ws.cwd, env: ws.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("approved write");
    expect(r.stdout).toMatch(/denied shell: .*touch shell-ran/);
    expect(readFileSync(join(ws.cwd, "README.md"), "utf8")).toBe("# tidy\n");
    expect(existsSync(join(ws.cwd, "shell-ran"))).toBe(false);
    expect(requestText(before + 2)).toContain("Commands are not allowed here");
  });
});
