import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  backupRemoteRef,
  inspectForcePush,
  type RemoteRefBackup,
  restoreBackup,
} from "../../src/safety/backup/index.ts";
import { git, tempDir, writeFiles } from "./checkpoint-support.ts";

describe("backup before git push --force over a diverged remote", () => {
  let root: { dir: string; cleanup: () => void };
  let remote: string;
  let alice: string;
  let bob: string;
  const commit = (repo: string, file: string, message: string): string => {
    writeFiles(repo, { [file]: `${message}\n` });
    git(repo, "add", file);
    git(repo, "commit", "-q", "-m", message);
    return git(repo, "rev-parse", "HEAD");
  };

  beforeEach(() => {
    root = tempDir("bk-push");
    remote = path.join(root.dir, "remote.git");
    alice = path.join(root.dir, "alice");
    bob = path.join(root.dir, "bob");
    git(root.dir, "init", "-q", "--bare", remote);
    git(root.dir, "clone", "-q", remote, alice);
    commit(alice, "base.txt", "base");
    git(alice, "push", "-q", "origin", "main");
    git(root.dir, "clone", "-q", remote, bob);
    commit(alice, "a1.txt", "alice one");
    commit(alice, "a2.txt", "alice two");
    git(alice, "push", "-q", "origin", "main");
    commit(bob, "b1.txt", "bob one");
  });
  afterEach(() => root.cleanup());

  const remoteMain = () => git(remote, "rev-parse", "refs/heads/main");

  it("inspect names the remote commits the push would drop, without moving any local ref", async () => {
    const refsBefore = git(bob, "for-each-ref");
    const report = await inspectForcePush(bob, "origin", "main");
    expect(report.remoteSha).toBe(git(alice, "rev-parse", "HEAD"));
    expect(report.localSha).toBe(git(bob, "rev-parse", "HEAD"));
    expect(report.lost.map((c) => c.subject)).toEqual(["alice two", "alice one"]);
    expect(git(bob, "for-each-ref")).toBe(refsBefore);

    const none = await inspectForcePush(bob, "origin", "feature", { localRef: "HEAD" });
    expect(none).toMatchObject({ remoteSha: null, lost: [] });
  });

  it("backup + real `git push --force` + restore puts the remote branch back", async () => {
    const aliceHead = remoteMain();
    const record = await backupRemoteRef(bob, "origin", "main");
    expect(record).toMatchObject({ old_sha: aliceHead, new_sha: git(bob, "rev-parse", "HEAD") });
    expect(git(bob, "rev-parse", record.backup_ref ?? "")).toBe(aliceHead);

    git(bob, "push", "-q", "--force", "origin", "main");
    expect(remoteMain()).toBe(record.new_sha);

    // The user's hooks never run for our pushes (a failing pre-push hook would block the restore).
    const marker = path.join(root.dir, "hook-ran");
    writeFileSync(path.join(bob, ".git/hooks/pre-push"), `#!/bin/sh\ntouch ${marker}\nexit 1\n`, {
      mode: 0o755,
    });
    const report = await restoreBackup(JSON.parse(JSON.stringify(record)) as RemoteRefBackup);
    expect(report.conflicts).toEqual([]);
    expect(existsSync(marker)).toBe(false);
    expect(remoteMain()).toBe(aliceHead);
    expect(git(remote, "log", "--format=%s", "main")).toBe("alice two\nalice one\nbase");
  });

  it("restore refuses (lease) when someone pushed after the force push, and says where the old commits are", async () => {
    const record = await backupRemoteRef(bob, "origin", "main");
    git(bob, "push", "-q", "--force", "origin", "main");
    const later = commit(bob, "b2.txt", "bob two");
    git(bob, "push", "-q", "origin", "main");
    const report = await restoreBackup(record);
    expect(report.conflicts).toEqual(["origin refs/heads/main"]);
    expect(report.notes[0]).toContain(record.backup_ref ?? "missing");
    expect(remoteMain()).toBe(later);
  });
});
