/**
 * `tandem exec` ends by saying what the run changed (files with +/- line counts, from its checkpoints; the diff
 * with `--diff`) and how to resume: the session id and a command that, run as printed, continues the session.
 * The same summary is in `session_finished.summary` with `--json`.
 */
import { existsSync, readdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { parseEvents, runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();

const call = (name: string, args: Record<string, unknown>) => ({
  kind: "reply" as const,
  toolCalls: [{ name, arguments: args }],
});

/** The work every test here asks the fake model for: one file edited, one added, one deleted. */
async function enqueueWork(cwd: string): Promise<void> {
  await writeFile(join(cwd, "keep.txt"), "one\ntwo\nthree\n");
  await writeFile(join(cwd, "old.txt"), "gone\nsoon\n");
  cli.server.enqueue(
    call("read", { path: "keep.txt" }),
    call("edit", { path: "keep.txt", old_string: "two\n", new_string: "TWO\n2b\n" }),
    call("write", { path: "new.txt", content: "a\nb\nc\n" }),
    call("shell", { command: "rm old.txt" }),
    { kind: "reply", text: "All done." },
  );
}

describe("tandem exec's closing summary", () => {
  it("lists the changed files with line counts on stderr, keeps stdout to the answer, and names the session", async () => {
    const ws = await cli.workspace();
    await enqueueWork(ws.cwd);
    const r = await runTandem(["exec", "tidy up"], { cwd: ws.cwd, env: ws.env, timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("All done.\n");
    expect(r.stderr).toContain("3 files changed, +5 -3");
    expect(r.stderr).toMatch(/^ {2}modified {4}keep\.txt +\+2 -1$/m);
    expect(r.stderr).toMatch(/^ {2}added {7}new\.txt +\+3 -0$/m);
    expect(r.stderr).toMatch(/^ {2}deleted {5}old\.txt +\+0 -2$/m);
    expect(r.stderr).not.toContain("@@");
    expect(r.stderr).toMatch(
      /^tandem checkpoints diff \d+ shows the diff; tandem undo reverses the last step$/m,
    );
    const id = /^session (\S+)$/m.exec(r.stderr)?.[1];
    expect(id).toBeDefined();
    expect(r.stderr).toContain(`resume: tandem exec --resume ${id} "…"`);
    expect(r.stderr).toContain(`tandem resume ${id}`);
  });

  it("--diff adds the unified diff after the list", async () => {
    const ws = await cli.workspace();
    await enqueueWork(ws.cwd);
    const r = await runTandem(["exec", "--diff", "tidy up"], { cwd: ws.cwd, env: ws.env, timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("All done.\n");
    const diff = r.stderr.slice(r.stderr.indexOf("3 files changed"));
    expect(diff).toContain("diff --git a/keep.txt b/keep.txt");
    expect(diff).toMatch(/^-two$/m);
    expect(diff).toMatch(/^\+TWO$/m);
    expect(diff).toMatch(/^\+2b$/m);
    expect(diff).toContain("diff --git a/old.txt b/old.txt");
    expect(diff).toMatch(/^-soon$/m);
    expect(diff.indexOf("diff --git")).toBeLessThan(diff.indexOf("session "));
  });

  it("says when nothing changed", async () => {
    const ws = await cli.workspace();
    cli.server.enqueue(call("ls", {}), { kind: "reply", text: "Nothing to do." });
    const r = await runTandem(["exec", "look around"], { cwd: ws.cwd, env: ws.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("no files changed");
    expect(r.stderr).toMatch(/^session \S+$/m);
    // Finding that out recorded no checkpoint. (The store itself may exist: the session records the workspace
    // for undo in the background from its start, issue #10 "Speed at scale".)
    const store = join(ws.home, "checkpoints");
    const files = existsSync(store) ? readdirSync(store, { recursive: true, encoding: "utf8" }) : [];
    expect(files.filter((f) => f.endsWith(join("refs", "tandem", "checkpoints")))).toEqual([]);
  });

  it("with --json puts the same in session_finished, the last event (the patch only with --diff)", async () => {
    const ws = await cli.workspace();
    await enqueueWork(ws.cwd);
    const r = await runTandem(["exec", "--json", "tidy up"], { cwd: ws.cwd, env: ws.env, timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    const events = parseEvents(r.stdout);
    const last = events.at(-1);
    expect(last?.type).toBe("session_finished");
    const id = String(last?.session_id);
    expect(last?.summary).toMatchObject({
      session_id: id,
      added: 5,
      removed: 3,
      changes: [
        { path: "keep.txt", status: "modified", added: 2, removed: 1 },
        { path: "new.txt", status: "added", added: 3, removed: 0 },
        { path: "old.txt", status: "deleted", added: 0, removed: 2 },
      ],
      resume: { exec: `tandem exec --resume ${id} "…"`, ui: `tandem resume ${id}` },
    });
    expect(last?.summary).not.toHaveProperty("patch");

    cli.server.enqueue(
      call("read", { path: "keep.txt" }),
      call("edit", { path: "keep.txt", old_string: "three\n", new_string: "THREE\n" }),
      { kind: "reply", text: "Again." },
    );
    const withDiff = await runTandem(["exec", "--json", "--diff", "again"], {
      cwd: ws.cwd,
      env: ws.env,
      timeoutMs: 30_000,
    });
    const summary = parseEvents(withDiff.stdout).at(-1)?.summary as { patch?: string; changes: unknown[] };
    // A second run lists its own changes only, not the first run's.
    expect(summary.changes).toEqual([{ path: "keep.txt", status: "modified", added: 1, removed: 1 }]);
    expect(summary.patch).toContain("+THREE");
  });

  it("prints a resume command that, run as printed, continues the session", async () => {
    const ws = await cli.workspace();
    cli.server.enqueue({ kind: "reply", text: "The word is QUINCE." });
    const first = await runTandem(["exec", "remember a word"], { cwd: ws.cwd, env: ws.env });
    expect(first.code, first.stderr).toBe(0);
    const printed = /^resume: (tandem exec .*"…")/m.exec(first.stderr)?.[1];
    expect(printed).toBeDefined();
    // The words after `tandem`, with the next prompt where the command shows "…".
    const args = (printed as string)
      .split(" ")
      .slice(1)
      .map((w) => (w === '"…"' ? "what was the word?" : w));

    const before = cli.server.requests.length;
    cli.server.enqueue({ kind: "reply", text: "QUINCE." });
    const second = await runTandem([...args.slice(0, 1), "--json", ...args.slice(1)], {
      cwd: ws.cwd,
      env: ws.env,
    });
    expect(second.code, second.stderr).toBe(0);
    const id = /^session (\S+)$/m.exec(first.stderr)?.[1];
    expect(parseEvents(second.stdout)[0]).toMatchObject({ session_id: id, resumed: true });
    const body = JSON.stringify(cli.server.requests[before]?.body);
    expect(body).toContain("remember a word");
    expect(body).toContain("what was the word?");
  });
});
