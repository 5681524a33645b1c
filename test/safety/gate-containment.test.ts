/**
 * The gate reads the sandbox's containment at each check (a mode switch may replace the sandbox): in auto, a
 * command no rule knows runs while a sandbox with network off contains it and is refused, with the reason and
 * how to allow it, once it does not. Destructive commands go to the guard whatever the containment.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AnyTool } from "../../src/core/tool.ts";
import { createSafetyGate } from "../../src/safety/gate.ts";
import type { Containment } from "../../src/safety/policy.ts";
import { createShellTool } from "../../src/tools/shell.ts";

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("safety gate and the sandbox's containment", () => {
  it("decides each call with the containment in force when it is checked", async () => {
    dir = await mkdtemp(join(tmpdir(), "tandem-gate-containment-"));
    const workspace = join(dir, "ws");
    await mkdir(workspace);
    let containment: Containment = "sealed";
    const gate = createSafetyGate({
      mode: "auto",
      workspace,
      trashDir: join(dir, "trash"),
      containment: () => containment,
      rulesFiles: { user: "/home/u/.tandem/rules.toml", project: ".tandem/rules.toml" },
    });
    const shell = createShellTool() as AnyTool;
    const check = (command: string) =>
      gate.check({ callId: command, tool: shell, args: { command }, cwd: workspace });

    expect(await check("./run_tests.sh")).toEqual({ action: "allow" });
    containment = "none";
    const refused = await check("./run_tests.sh");
    expect(refused.action).toBe("ask");
    if (refused.action !== "ask") return;
    expect(refused.reason).toContain("no sandbox contains this command (sandbox full-access)");
    expect(refused.howToAllow?.[0]).toContain("/home/u/.tandem/rules.toml");
    expect(refused.howToAllow?.[0]).toContain('command = "./run_tests.sh*"');
    containment = "local";
    const networked = await check("./run_tests.sh");
    expect(networked.action === "ask" && networked.reason).toContain("network on");

    // The guard stops a destructive command in every containment; its stop is one the model re-issues past.
    for (const c of ["sealed", "none"] as const) {
      containment = c;
      const stop = await check(`rm -rf build-${c}`);
      expect(stop).toMatchObject({ action: "deny", reissue: true });
    }
  });
});
