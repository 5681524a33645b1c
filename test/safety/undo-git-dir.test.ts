/**
 * Issue #9 item 5: a step that deletes or truncates the repository's own `.git` internals (refs, packed-refs,
 * objects, packs, the index, HEAD) is undone by `tandem undo`, whatever program did it. Here a project script the
 * analyser cannot see into (`make wipe` → `node wipe.js`) does the damage through the real gate in auto mode;
 * undo must leave `git log`, `git status` and `git fsck` working and showing the original. What the step added
 * validly (a new commit and its ref move) is kept.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  createStepHarness,
  git,
  removeHarness,
  type StepHarness,
  writeFiles,
} from "./step-backups-support.ts";

let h: StepHarness | undefined;
afterEach(async () => {
  await removeHarness(h);
  h = undefined;
});

/** History with packs, packed-refs and loose objects: 3 commits gc'd, 2 more loose, a packed and a loose branch. */
async function history(ws: string): Promise<void> {
  await writeFiles(ws, { Makefile: "wipe:\n\tnode wipe.js\n", ".gitignore": "*.log\n" });
  for (let i = 1; i <= 3; i++) {
    await writeFile(join(ws, `f${i}.txt`), `v${i}\n`);
    git(ws, ["add", "-A"]);
    git(ws, ["commit", "-qm", `c${i}`]);
  }
  git(ws, ["branch", "old-feature"]);
  git(ws, ["gc", "-q"]);
  for (let i = 4; i <= 5; i++) {
    await writeFile(join(ws, `f${i}.txt`), `v${i}\n`);
    git(ws, ["add", "-A"]);
    git(ws, ["commit", "-qm", `c${i}`]);
  }
  git(ws, ["branch", "new-feature"]);
}

const WIPE = `
const fs = require("fs");
const path = require("path");
const g = (...p) => path.join(".git", ...p);
fs.rmSync(g("refs", "heads", "main"));
fs.rmSync(g("refs", "heads", "new-feature"));
fs.writeFileSync(g("packed-refs"), "");
fs.truncateSync(g("index"), 0);
fs.writeFileSync(g("HEAD"), "garbage");
for (const d of fs.readdirSync(g("objects"))) if (/^[0-9a-f]{2}$/.test(d)) fs.rmSync(g("objects", d), { recursive: true });
for (const f of fs.readdirSync(g("objects", "pack"))) fs.rmSync(g("objects", "pack", f));
fs.rmSync(g("logs"), { recursive: true });
`;

describe("undo of a step that damages .git", () => {
  it("brings back refs, packed-refs, HEAD, the index, objects, packs and reflogs a script deleted or truncated", async () => {
    h = await createStepHarness(async (ws) => {
      await history(ws);
      await writeFile(join(ws, "wipe.js"), WIPE);
      git(ws, ["add", "wipe.js"]);
      git(ws, ["commit", "-qm", "add wipe"]);
    });
    const { ws } = h;
    const log = git(ws, ["log", "--format=%H %s", "--all"]);
    const refs = git(ws, ["for-each-ref", "--format=%(refname) %(objectname)"]);
    const reflog = git(ws, ["reflog", "-n", "3", "--format=%H %gs"]);
    const indexBytes = await readFile(join(ws, ".git", "index"));
    expect(git(ws, ["status", "--porcelain"])).toBe("");

    await h.run("make wipe");
    expect(() => git(ws, ["log", "-1"])).toThrow();
    await h.settle();

    const lines = await h.undo();
    expect(lines.join("\n")).toContain("brought back");
    expect(git(ws, ["log", "--format=%H %s", "--all"])).toBe(log);
    expect(git(ws, ["for-each-ref", "--format=%(refname) %(objectname)"])).toBe(refs);
    expect(git(ws, ["symbolic-ref", "HEAD"])).toBe("refs/heads/main");
    expect(git(ws, ["reflog", "-n", "3", "--format=%H %gs"])).toBe(reflog);
    expect(await readFile(join(ws, ".git", "index"))).toEqual(indexBytes);
    expect(git(ws, ["status", "--porcelain"])).toBe("");
    git(ws, ["fsck", "--full", "--strict", "--no-dangling"]);
  });

  it("brings back a whole .git a script removed", async () => {
    h = await createStepHarness(async (ws) => {
      await history(ws);
      await writeFiles(ws, {
        Makefile: 'nuke:\n\tnode -e \'require("fs").rmSync(".git", { recursive: true })\'\n',
      });
      git(ws, ["commit", "-qam", "nuke target"]);
    });
    const { ws } = h;
    const log = git(ws, ["log", "--format=%H %s", "--all"]);
    await h.run("make nuke");
    await h.settle();
    expect(() => git(ws, ["rev-parse", "--git-dir"])).toThrow();
    await h.undo();
    expect(git(ws, ["log", "--format=%H %s", "--all"])).toBe(log);
    expect(git(ws, ["status", "--porcelain"])).toBe("");
    git(ws, ["fsck", "--full", "--no-dangling"]);
  });

  it("an object file deleted and written again with other bytes under its name comes back", async () => {
    h = await createStepHarness(async (ws) => {
      await history(ws);
      await writeFiles(ws, {
        Makefile: "swap:\n\tfor f in .git/objects/pack/*.pack; do rm -f $$f; printf junk > $$f; done\n",
      });
      git(ws, ["commit", "-qam", "swap target"]);
    });
    const { ws } = h;
    const log = git(ws, ["log", "--format=%H %s", "--all"]);
    await h.run("make swap");
    await h.settle();
    expect(() => git(ws, ["log", "--all", "--format=%s"])).toThrow();
    await h.undo();
    expect(git(ws, ["log", "--format=%H %s", "--all"])).toBe(log);
    git(ws, ["fsck", "--full", "--no-dangling"]);
  });

  it.skipIf(!existsSync("/dev/shm"))(
    "backups on another filesystem: objects are copied within the budget; above it, undo names them as not restorable",
    async () => {
      const wipeObjects =
        'wipe:\n\tnode -e \'for (const d of ["objects/pack", ...require("fs").readdirSync(".git/objects").filter((d) => d.length === 2)]) require("fs").rmSync(".git/objects/" + d.replace("objects/", ""), { recursive: true })\'\n';
      for (const budget of [64 * 1024 * 1024, 0]) {
        const dir = await mkdtemp(join("/dev/shm", "tandem-step-backups-"));
        try {
          h = await createStepHarness(
            async (ws) => {
              await history(ws);
              await writeFiles(ws, { Makefile: wipeObjects });
              git(ws, ["commit", "-qam", "wipe objects"]);
            },
            { dir, gitCopyBudgetBytes: budget },
          );
          const { ws } = h;
          const log = git(ws, ["log", "--format=%H %s", "--all"]);
          await h.run("make wipe");
          await h.settle();
          expect(() => git(ws, ["log", "-1"])).toThrow();
          const lines = (await h.undo()).join("\n");
          if (budget > 0) {
            expect(git(ws, ["log", "--format=%H %s", "--all"])).toBe(log);
            git(ws, ["fsck", "--full", "--no-dangling"]);
          } else {
            expect(lines).toMatch(
              /not restorable: \.git\/objects\/\S+ \(deleted; \d+ bytes, over the backup budget\)/,
            );
          }
        } finally {
          await removeHarness(h);
          h = undefined;
          await rm(dir, { recursive: true, force: true });
        }
      }
    },
  );

  it("keeps what a step added validly: its commit and ref move stay; a branch it deleted comes back", async () => {
    h = await createStepHarness(history);
    const { ws } = h;
    const feature = git(ws, ["rev-parse", "new-feature"]);
    await h.run("printf 'more\\n' >> f1.txt && git commit -qam 'step commit' && git branch -d new-feature");
    const stepCommit = git(ws, ["rev-parse", "main"]);
    await h.settle();
    await h.undo();
    // The workspace file is back (checkpoint); the commit the step made and main's move are kept.
    expect(await readFile(join(ws, "f1.txt"), "utf8")).toBe("v1\n");
    expect(git(ws, ["rev-parse", "main"])).toBe(stepCommit);
    expect(git(ws, ["log", "-1", "--format=%s", "main"])).toBe("step commit");
    expect(git(ws, ["rev-parse", "new-feature"])).toBe(feature);
    git(ws, ["fsck", "--full", "--no-dangling"]);
  });

  it("a guarded git stash drop: its backup and the step backups together give back the exact stash reflog", async () => {
    h = await createStepHarness(history);
    const { ws } = h;
    for (const text of ["first\n", "second\n"]) {
      await writeFile(join(ws, "f1.txt"), text);
      git(ws, ["stash", "push", "-q", "-m", text.trim()]);
    }
    const stash = git(ws, ["stash", "list", "--format=%H %gs"]);
    await h.run("git stash drop");
    await h.settle();
    await h.undo();
    expect(git(ws, ["stash", "list", "--format=%H %gs"])).toBe(stash);
  });

  it("git gc and pack-refs leave nothing for undo to repair in .git", async () => {
    h = await createStepHarness(history);
    const { ws } = h;
    await h.run("git gc -q && git pack-refs --all");
    await h.settle();
    // gc repacked loose objects and pack-refs moved loose refs: nothing was lost, so there is nothing to undo.
    const u = await h.undo();
    expect(u).toEqual(["nothing to undo"]);
    git(ws, ["fsck", "--full", "--no-dangling"]);
  });
});
