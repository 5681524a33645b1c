/**
 * Issue #9 items 5 and 6 through the real CLI in auto mode (bubblewrap sandbox, real checkpoints): a project
 * script deletes the repository's refs and objects and empties its index, another step removes `.env` and
 * empties a log the user keeps (both ignored). Before the fix, checkpoints skipped `.git` and ignored files and
 * `tandem undo` said "nothing to undo"; now each undo brings back the exact bytes and git works again.
 */
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createCheckpointStore } from "../../src/safety/checkpoints/index.ts";
import { safetyPaths } from "../../src/safety/journal.ts";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { createGuardRepo, gitIn } from "../support/guard-repo.ts";
import { parseEvents, runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();

const shell = (command: string) => ({
  kind: "reply" as const,
  toolCalls: [{ name: "shell", arguments: { command } }],
});

const WIPE = `
const fs = require("fs");
fs.rmSync(".git/refs/heads/main");
fs.truncateSync(".git/index", 0);
for (const d of fs.readdirSync(".git/objects")) if (/^[0-9a-f]{2}$/.test(d)) fs.rmSync(".git/objects/" + d, { recursive: true });
`;

describe("tandem undo restores .git internals and ignored files", () => {
  // With 6,000 more (ignored) entries the workspace is big enough for the first command to run on an overlay while
  // the first record is made (overlay-steps.ts): the `.git` it wipes is merged in later, and its backup's `after`
  // must wait for that merge, or undo finds nothing the step did to `.git`.
  it.each([
    { extra: 0, overlay: false },
    { extra: 6000, overlay: true },
  ])(
    "undoes a script that wiped refs, objects and the index, and a step that removed .env and emptied a log (overlay: $overlay)",
    async ({ extra, overlay }) => {
      const ws = await cli.workspace();
      await createGuardRepo(ws.cwd, ws.root);
      await writeFile(join(ws.cwd, ".gitignore"), "*.log\n.env\nbulk/\n");
      if (extra > 0) {
        await mkdir(join(ws.cwd, "bulk"));
        await Promise.all(
          Array.from({ length: extra }, (_, i) => writeFile(join(ws.cwd, "bulk", `f${i}`), "")),
        );
      }
      await writeFile(join(ws.cwd, "Makefile"), "wipe:\n\tnode wipe.js\n");
      await writeFile(join(ws.cwd, "wipe.js"), WIPE);
      gitIn(ws.cwd, ["add", "-A"]);
      gitIn(ws.cwd, ["commit", "-qm", "tools"]);
      await writeFile(join(ws.cwd, ".env"), "API_TOKEN=keep-me\n");
      await writeFile(join(ws.cwd, "server.log"), "2026-12-04 started\n");
      const log = gitIn(ws.cwd, ["log", "--format=%H %s"]);
      const index = await readFile(join(ws.cwd, ".git", "index"));

      cli.server.enqueue(shell("make wipe"), shell("rm .env && : > server.log"), shell("mkdir -p src"), {
        kind: "reply",
        text: "done",
      });
      const r = await runTandem(["exec", "--json", "clean up"], {
        cwd: ws.cwd,
        env: ws.env,
        timeoutMs: 60_000,
      });
      expect(r.code, r.stderr).toBe(0);
      for (const f of parseEvents(r.stdout).filter((e) => e.type === "tool_call_finished"))
        expect(f.status, JSON.stringify(f)).toBe("ok");
      expect(() => gitIn(ws.cwd, ["log", "-1"])).toThrow();
      // On an overlay the step's checkpoint is made after the command changed `.git` (else before it).
      const home = ws.env.TANDEM_HOME as string;
      const store = createCheckpointStore({
        workspace: ws.cwd,
        storeDir: safetyPaths(home, ws.cwd).storeDir,
      });
      const madeAt = (await store.list()).find((c) => c.label === "shell: make wipe")?.time ?? 0;
      const wipedAt = Math.floor((await stat(join(ws.cwd, ".git", "index"))).mtimeMs);
      expect(madeAt >= wipedAt).toBe(overlay);
      await expect(readFile(join(ws.cwd, ".env"))).rejects.toThrow();

      const first = await runTandem(["undo"], { cwd: ws.cwd, env: ws.env });
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toContain(".env");
      expect(await readFile(join(ws.cwd, ".env"), "utf8")).toBe("API_TOKEN=keep-me\n");
      expect(await readFile(join(ws.cwd, "server.log"), "utf8")).toBe("2026-12-04 started\n");

      const second = await runTandem(["undo"], { cwd: ws.cwd, env: ws.env });
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toContain(".git/refs/heads/main");
      expect(gitIn(ws.cwd, ["log", "--format=%H %s"])).toBe(log);
      expect(await readFile(join(ws.cwd, ".git", "index"))).toEqual(index);
      expect(gitIn(ws.cwd, ["status", "--porcelain"])).toBe("");
      gitIn(ws.cwd, ["fsck", "--full", "--no-dangling"]);
    },
  );
});
