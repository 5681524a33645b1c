/**
 * Issue #9 item 2 through the real CLI (`tandem exec --mode auto`, the fake model, real bubblewrap): the workspace's
 * repository was configured by the model with a program for every program-valued git key (filters, diff drivers,
 * fsmonitor, ssh/askpass/credential helpers, upload-pack, includes...). The model runs `git reset --hard` over an
 * uncommitted edit, is stopped, re-issues it with a justification; then the user runs `tandem undo`. Every git
 * tandem runs on the host for this (inspection, backup, checkpoints, undo) must run none of those programs: no
 * marker appears on the host (the folder is outside the sandbox's view), and the edit still comes back.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { createGuardRepo } from "../support/guard-repo.ts";
import { createMarkers, plantAll } from "../support/hostile-git.ts";
import { runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();

const shell = (command: string, justification?: string) => ({
  kind: "reply" as const,
  toolCalls: [{ name: "shell", arguments: justification ? { command, justification } : { command } }],
});

describe("git run by tandem on the host, in a repository the model configured", () => {
  it("git reset --hard in auto: refused with its impact, backed up, undone; none of the repository's programs ran", async () => {
    const ws = await cli.workspace();
    const repo = await createGuardRepo(ws.cwd, ws.root);
    await writeFile(join(ws.cwd, "a.txt"), "one\n");
    const markers = createMarkers(join(ws.root, "markers"));
    plantAll(ws.cwd, markers, repo.remote);
    await writeFile(join(ws.cwd, "a.txt"), "precious uncommitted edit\n");
    await writeFile(join(ws.cwd, "notes.txt"), "precious notes\n");

    const before = cli.server.requests.length;
    cli.server.enqueue(shell("git reset --hard"), shell("git reset --hard", "the user asked for it"), {
      kind: "reply",
      text: "done",
    });
    const r = await runTandem(["exec", "--mode", "auto", "--json", "go"], {
      cwd: ws.cwd,
      env: ws.env,
      timeoutMs: 60_000,
    });
    expect(r.stderr).not.toContain("internal error");
    const seen = cli.server.requests.slice(before).map((q) => JSON.stringify(q.body));
    expect(seen[1]).toContain("notes.txt"); // the refusal named what would be lost
    expect(markers.written()).toEqual([]);

    const undo = await runTandem(["undo"], { cwd: ws.cwd, env: ws.env });
    expect(undo.code, undo.stderr + undo.stdout).toBe(0);
    expect(await readFile(join(ws.cwd, "notes.txt"), "utf8")).toBe("precious notes\n");
    expect(await readFile(join(ws.cwd, "a.txt"), "utf8")).toBe("precious uncommitted edit\n");
    expect(markers.written()).toEqual([]);
  });
});
