/**
 * Issue #9 item 6: ignored files the user keeps (`.env`, logs, local databases, build output) deleted,
 * truncated, moved or rewritten by ordinary `write` commands come back with their exact bytes on undo. Real
 * commands through the real gate in auto mode. Dependency directories (node_modules) are not backed up, and a
 * file over the budget is named as not restorable.
 */
import { existsSync } from "node:fs";
import { chmod, readdir, readFile, rm, stat } from "node:fs/promises";
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

const BINARY = Buffer.from([0, 1, 2, 255, 13, 10, 0, 42]);

async function project(ws: string): Promise<void> {
  await writeFiles(ws, {
    ".gitignore": ".env\n*.log\n*.db\nbuild/\nnode_modules/\nconfig.local\n",
    Makefile: "clean:\n\trm -rf build\n",
    "src/app.ts": "export const app = 1;\n",
    ".env": "SECRET_TOKEN=abc123\r\nOTHER=1\n",
    "app.log": "line 1\nline 2\n",
    "data.db": BINARY,
    "config.local": "mode=alpha\n",
    "build/out/main.o": "object code\n",
    "build/run.sh": "#!/bin/sh\necho run\n",
    "node_modules/dep/index.js": "module.exports = 1;\n",
  });
  await chmod(join(ws, "build", "run.sh"), 0o755);
  git(ws, ["add", "-A"]);
  git(ws, ["commit", "-qm", "init"]);
}

describe("undo restores ignored files a step changed", () => {
  it("rm .env, > app.log, sed -i, mv of a database and make clean: each undo brings back the exact bytes", async () => {
    h = await createStepHarness(project);
    const { ws } = h;
    const read = (p: string) => readFile(join(ws, p));
    const original = {
      env: await read(".env"),
      log: await read("app.log"),
      db: await read("data.db"),
      conf: await read("config.local"),
      obj: await read("build/out/main.o"),
      sh: await read("build/run.sh"),
    };

    await h.run("rm .env");
    await h.run(": > app.log");
    await h.run("sed -i s/alpha/beta/ config.local");
    await h.run("mv data.db data.old.db");
    await h.run("make clean");
    await h.settle();
    expect(existsSync(join(ws, "build"))).toBe(false);

    let lines = await h.undo();
    expect(lines.join("\n")).toContain("build/out/main.o");
    expect(await read("build/out/main.o")).toEqual(original.obj);
    expect(await read("build/run.sh")).toEqual(original.sh);
    expect((await stat(join(ws, "build", "run.sh"))).mode & 0o777).toBe(0o755);

    lines = await h.undo();
    expect(lines.join("\n")).toContain("data.db");
    expect(await read("data.db")).toEqual(original.db);
    // The moved copy is an ignored file the step created: it stays.
    expect(await read("data.old.db")).toEqual(original.db);

    await h.undo();
    expect(await read("config.local")).toEqual(original.conf);
    await h.undo();
    expect(await read("app.log")).toEqual(original.log);
    await h.undo();
    expect(await read(".env")).toEqual(original.env);
    // Dependencies are never backed up (not even listed) nor touched.
    const recorded = await readFile(join(h.dataDir, "ignored", "snapshots.jsonl"), "utf8");
    // The copies hold secrets: readable by the user only.
    for (const entry of await readdir(join(h.dataDir, "ignored", "blobs"), { recursive: true })) {
      const st = await stat(join(h.dataDir, "ignored", "blobs", entry));
      expect(st.mode & 0o077, entry).toBe(0);
    }
    expect(recorded).toContain('".env"');
    expect(recorded).not.toContain("node_modules");
    expect(await readFile(join(ws, "node_modules", "dep", "index.js"), "utf8")).toBe("module.exports = 1;\n");
  });

  it("tar --remove-files and npm run clean: undo brings back what they removed", async () => {
    h = await createStepHarness(async (ws) => {
      await project(ws);
      await writeFiles(ws, {
        "package.json": JSON.stringify({ name: "p", private: true, scripts: { clean: "rm -rf out" } }),
        "out/report.txt": "generated, but kept by hand\n",
        "cache.db": BINARY,
      });
      await writeFiles(ws, {
        ".gitignore": ".env\n*.log\n*.db\nbuild/\nnode_modules/\nconfig.local\nout/\n",
      });
      git(ws, ["add", "-A"]);
      git(ws, ["commit", "-qm", "scripts"]);
    });
    const { ws } = h;
    await h.run(`tar --remove-files -cf /tmp/tandem-undo-ignored-${process.pid}.tar cache.db`);
    await h.run("npm run --silent clean");
    await h.settle();
    expect(existsSync(join(ws, "out"))).toBe(false);
    expect(existsSync(join(ws, "cache.db"))).toBe(false);
    await h.undo();
    expect(await readFile(join(ws, "out", "report.txt"), "utf8")).toBe("generated, but kept by hand\n");
    await h.undo();
    expect(await readFile(join(ws, "cache.db"))).toEqual(BINARY);
    await rm(`/tmp/tandem-undo-ignored-${process.pid}.tar`, { force: true });
  });

  it("a file changed again after the step is kept, and a file over the budget is named as not restorable", async () => {
    h = await createStepHarness(
      async (ws) => {
        await project(ws);
        await writeFiles(ws, { "big.db": Buffer.alloc(4096, 7) });
      },
      { maxFileBytes: 1024 },
    );
    const { ws } = h;
    await h.run("rm big.db && printf 'step\\n' >> app.log");
    await h.settle();
    await writeFiles(ws, { "app.log": "written by the user after the step\n" });
    const lines = (await h.undo()).join("\n");
    expect(lines).toContain("not restorable: big.db (deleted; 4096 bytes, over the backup budget)");
    expect(lines).toContain("kept as they are (changed again after the step): app.log");
    expect(await readFile(join(ws, "app.log"), "utf8")).toBe("written by the user after the step\n");
  });
});
