import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSandbox } from "../../src/sandbox/index.ts";
import { makeTempDirs, runIn } from "./helpers.ts";

describe("/tmp inside the sandbox is private", () => {
  const dirs = makeTempDirs();
  afterEach(() => dirs.cleanup());

  it("is writable but nothing leaks to the host's /tmp, and nothing survives the command", async () => {
    const ws = dirs.make("ws");
    const sandbox = createSandbox({ workspace: ws, home: ws });
    const name = `tandem-leak-${process.pid}-${Date.now()}`;
    const r = await runIn(sandbox, `echo secret > /tmp/${name} && cat /tmp/${name}`, ws);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("secret\n");
    expect(existsSync(`/tmp/${name}`)).toBe(false);
    const again = await runIn(sandbox, `test -e /tmp/${name}`, ws);
    expect(again.code).not.toBe(0);
  });

  it("cannot see the host's /tmp", async () => {
    const ws = dirs.make("ws");
    const r = await runIn(createSandbox({ workspace: ws, home: ws }), "ls -A /tmp | wc -l", ws);
    expect(r.stdout.trim()).toBe("0");
  });

  it("with tmpDir, /tmp is that session directory and persists between commands", async () => {
    const ws = dirs.make("ws");
    const session = join(dirs.make("session"), "tmp");
    const sandbox = createSandbox({ workspace: ws, home: ws, tmpDir: session });
    expect((await runIn(sandbox, "echo kept > /tmp/note", ws)).code).toBe(0);
    const r = await runIn(sandbox, "cat /tmp/note", ws);
    expect(r.stdout).toBe("kept\n");
    expect(readFileSync(join(session, "note"), "utf8")).toBe("kept\n");
  });

  it("a workspace inside /tmp stays writable (bound over the private /tmp); its /tmp neighbours stay invisible", async () => {
    const ws = mkdtempSync(join(tmpdir(), "tandem-sbx-ws-"));
    const neighbour = mkdtempSync(join(tmpdir(), "tandem-sbx-neighbour-"));
    try {
      const r = await runIn(createSandbox({ workspace: ws, home: ws }), `echo ok > f && ls ${neighbour}`, ws);
      expect(readFileSync(join(ws, "f"), "utf8")).toBe("ok\n");
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/No such file/);
    } finally {
      rmSync(ws, { recursive: true, force: true });
      rmSync(neighbour, { recursive: true, force: true });
    }
  });
});
