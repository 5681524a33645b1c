import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSandbox } from "../../src/sandbox/index.ts";
import { canRunAsNobody, makeTempDirs, runAsNobody } from "./helpers.ts";

describe.runIf(canRunAsNobody)("the sandbox as an unprivileged user (user namespaces)", () => {
  const dirs = makeTempDirs();
  afterEach(() => dirs.cleanup());

  it("writes the workspace, not outside it, and .git/hooks stays read-only", () => {
    const ws = dirs.make("ws");
    const outside = dirs.make("outside");
    spawnSync("git", ["init", "-q", ws]);
    spawnSync("chmod", ["-R", "a+rwX", ws]);
    chmodSync(outside, 0o777);
    writeFileSync(join(outside, "victim.txt"), "original\n");
    chmodSync(join(outside, "victim.txt"), 0o666);
    const sandbox = createSandbox({ workspace: ws, home: ws });
    const script = `echo ok > inside.txt; echo pwned > ${outside}/victim.txt; echo x > .git/hooks/pre-commit; id -u`;
    const r = runAsNobody(sandbox.wrap(["bash", "-c", script], ws), ws);
    expect(r.stdout.trim()).toBe("65534");
    expect(readFileSync(join(ws, "inside.txt"), "utf8")).toBe("ok\n");
    expect(readFileSync(join(outside, "victim.txt"), "utf8")).toBe("original\n");
    expect(existsSync(join(ws, ".git/hooks/pre-commit"))).toBe(false);
    expect(r.stderr).toMatch(/Read-only file system/);
  });
});
