/**
 * Regression (issue #9, item 12): a model can fill the partition; afterwards every changing call was refused
 * (the checkpoint cannot be written), the model's own cleanup included, and `tandem undo` crashed with a stack
 * trace. Now the refusal says the disk is full, a command that only deletes files created since the last
 * checkpoint runs without one, and `tandem undo` / `tandem checkpoints` answer in one clear message.
 *
 * Real full disk: the workspace and TANDEM_HOME live on a small tmpfs (needs root, as CI runs).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { baseEnv, fakeProviderConfig, parseEvents, runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();
const isRoot = process.getuid?.() === 0;
let canMount = false;
beforeAll(() => {
  if (!isRoot) return;
  const probe = mkdtempSync(join(tmpdir(), "tandem-tmpfs-probe-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", probe]);
    execFileSync("umount", [probe]);
    canMount = true;
  } catch {
    canMount = false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
});

const mounts: string[] = [];
afterEach(() => {
  for (const dir of mounts.splice(0)) {
    execFileSync("umount", ["-l", dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A 12 MB tmpfs holding TANDEM_HOME (config pointing at the fake server) and a project with one user file. */
function smallDisk(): { cwd: string; home: string; env: NodeJS.ProcessEnv } {
  const root = mkdtempSync(join(tmpdir(), "tandem-diskfull-"));
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=12m", "tmpfs", root]);
  mounts.push(root);
  const home = join(root, "home");
  const cwd = join(root, "project");
  mkdirSync(home);
  mkdirSync(cwd);
  writeFileSync(
    join(home, "config.toml"),
    fakeProviderConfig("openai-chat", cli.server.baseUrl("openai-chat")),
  );
  writeFileSync(join(cwd, "keep.txt"), "the user's work\n");
  return { cwd, home, env: baseEnv({ TANDEM_HOME: home, FAKE_API_KEY: "k" }) };
}

const shell = (command: string) => ({
  kind: "reply" as const,
  toolCalls: [{ name: "shell", arguments: { command } }],
});

const noStackTrace = (stderr: string) => {
  expect(stderr).not.toMatch(/internal error|\n\s+at /);
};

describe.skipIf(!isRoot)("a full disk (skipped: needs root to mount a small tmpfs)", () => {
  it("refuses changes clearly, lets the model delete what it created, and undo works again afterwards", async (ctx) => {
    if (!canMount) ctx.skip();
    const disk = smallDisk();
    cli.server.enqueue(
      shell("head -c 50000000 /dev/zero > big.bin"),
      shell("echo more > note.txt"),
      shell("rm keep.txt"),
      shell("rm big.bin"),
      shell("echo more > note.txt"),
      { kind: "reply", text: "cleaned up" },
    );
    const r = await runTandem(["exec", "--json", "fill the disk, then clean up"], {
      cwd: disk.cwd,
      env: disk.env,
      timeoutMs: 60_000,
    });
    noStackTrace(r.stderr);
    const finished = parseEvents(r.stdout).filter((e) => e.type === "tool_call_finished");
    const contents = finished.map((e) => String(e.content));
    expect(contents).toHaveLength(5);
    expect(contents[0]).toMatch(/No space left on device/);
    // Step 2: refused, and the message says why and what to do.
    expect(contents[1]).toContain("the disk is full");
    expect(contents[1]).toContain("Free some space");
    // Step 3: deleting the user's file (in the last checkpoint) stays refused.
    expect(contents[2]).toContain("the disk is full");
    expect(readFileSync(join(disk.cwd, "keep.txt"), "utf8")).toBe("the user's work\n");
    // Step 4: the model's own cleanup ran without a checkpoint.
    expect(finished[3]).toMatchObject({ status: "ok" });
    expect(contents[3]).toContain("ran without a checkpoint (the disk is full)");
    expect(existsSync(join(disk.cwd, "big.bin"))).toBe(false);
    // Step 5: with space again, changes run with their checkpoint.
    expect(finished[4]).toMatchObject({ status: "ok" });
    expect(readFileSync(join(disk.cwd, "note.txt"), "utf8")).toBe("more\n");

    const undo = await runTandem(["undo"], { cwd: disk.cwd, env: disk.env });
    noStackTrace(undo.stderr);
    expect(undo.code).toBe(0);
    expect(existsSync(join(disk.cwd, "note.txt"))).toBe(false);
    expect(readFileSync(join(disk.cwd, "keep.txt"), "utf8")).toBe("the user's work\n");
  }, 120_000);

  it("tandem undo on a full disk says so in one message (no stack trace) and changes nothing", async (ctx) => {
    if (!canMount) ctx.skip();
    const disk = smallDisk();
    cli.server.enqueue(shell("echo one > a.txt"), { kind: "reply", text: "ok" });
    const r = await runTandem(["exec", "--json", "write a file"], { cwd: disk.cwd, env: disk.env });
    expect(r.code).toBe(0);
    writeFileSync(join(disk.cwd, "a.txt"), "changed by the user\n");
    // Fill the disk from outside, as the model did.
    try {
      execFileSync("sh", ["-c", `head -c 50000000 /dev/zero > ${join(disk.cwd, "filler.bin")}`], {
        stdio: "ignore",
      });
    } catch {
      // "No space left on device" is the point.
    }
    const undo = await runTandem(["undo"], { cwd: disk.cwd, env: disk.env });
    noStackTrace(undo.stderr);
    expect(undo.code).toBe(1);
    expect(undo.stderr).toContain("the disk is full");
    expect(undo.stderr).toContain("Earlier checkpoints are kept");
    expect(readFileSync(join(disk.cwd, "a.txt"), "utf8")).toBe("changed by the user\n");

    const list = await runTandem(["checkpoints"], { cwd: disk.cwd, env: disk.env });
    noStackTrace(list.stderr);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/shell/);
  }, 120_000);
});
