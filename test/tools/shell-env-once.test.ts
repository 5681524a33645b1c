/**
 * The shell tool reads and scrubs its environment once, not per command: copying process.env and testing every
 * variable for a secret was paid by every command started (issue #11's gap). The scrubbing stays as strong on
 * every command: each still sees no secret.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createShellTool } from "../../src/tools/shell.ts";
import { makeContext, makeTempDir, removeDir } from "./tool-support.ts";

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

describe("shell environment, read once", () => {
  it("lists the base environment once for many commands, and hides its secrets from each", async () => {
    let listed = 0;
    const baseEnv = new Proxy<NodeJS.ProcessEnv>(
      { PATH: process.env.PATH, OPENAI_API_KEY: "sk-fake-once", MY_TOKEN: "tok-fake-once", KEEP_ME: "seen" },
      {
        ownKeys(target) {
          listed += 1;
          return Reflect.ownKeys(target);
        },
      },
    );
    const shell = createShellTool({ outputDir: dir, baseEnv, keyNames: ["OPENAI_API_KEY"] });
    for (let i = 0; i < 3; i++) {
      const r = await shell.execute({ command: "env" }, makeContext(dir).ctx);
      expect(r.content).toContain("KEEP_ME=seen");
      expect(r.content).not.toContain("sk-fake-once");
      expect(r.content).not.toContain("tok-fake-once");
    }
    // scrubEnv lists the base once (keys' values are read by name); before, every command listed it again.
    expect(listed).toBe(1);
  });
});
