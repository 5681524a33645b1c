import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSandbox } from "../../src/sandbox/index.ts";
import { makeTempDirs, runIn } from "./helpers.ts";

describe("read-only and full-access modes", () => {
  const dirs = makeTempDirs();
  afterEach(() => dirs.cleanup());

  it("read-only forbids workspace writes but allows reading it and writing /tmp", async () => {
    const ws = dirs.make("ws");
    writeFileSync(join(ws, "a.txt"), "content\n");
    const sandbox = createSandbox({ mode: "read-only", workspace: ws, home: ws });
    const write = await runIn(sandbox, "echo x > b.txt", ws);
    expect(write.code).not.toBe(0);
    expect(existsSync(join(ws, "b.txt"))).toBe(false);
    const read = await runIn(sandbox, "cat a.txt && echo t > /tmp/t && cat /tmp/t", ws);
    expect(read.code).toBe(0);
    expect(read.stdout).toBe("content\nt\n");
  });

  it("full-access returns argv unchanged and runs unconfined", async () => {
    const ws = dirs.make("ws");
    const outside = dirs.make("outside");
    const sandbox = createSandbox({ mode: "full-access", workspace: ws });
    expect(sandbox.wrap(["bash", "-c", "true"])).toEqual(["bash", "-c", "true"]);
    expect(sandbox.describe()).toMatch(/no sandbox/);
    const r = await runIn(sandbox, `echo free > ${outside}/x`, ws);
    expect(r.code).toBe(0);
    expect(readFileSync(join(outside, "x"), "utf8")).toBe("free\n");
  });

  it("preserves the working directory and environment", async () => {
    const ws = dirs.make("ws");
    const sandbox = createSandbox({ workspace: ws, home: ws });
    process.env.TANDEM_SANDBOX_TEST_VAR = "kept";
    try {
      const r = await runIn(sandbox, 'pwd; echo "$TANDEM_SANDBOX_TEST_VAR"', ws);
      expect(r.stdout).toBe(`${ws}\nkept\n`);
    } finally {
      delete process.env.TANDEM_SANDBOX_TEST_VAR;
    }
  });

  it("describe names the backend, mode, workspace and network", () => {
    const ws = dirs.make("ws");
    const text = createSandbox({ workspace: ws, home: ws, network: true }).describe();
    expect(text).toBe(`bubblewrap: workspace-write in ${ws}, network on, private /tmp`);
  });
});
