import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSandbox } from "../../src/sandbox/index.ts";
import { makeTempDirs } from "./helpers.ts";

/** The profile text from a darwin sandbox (the macOS backend is chosen by `platform`). */
function profileOf(argv: string[]): string {
  expect(argv[0]).toBe("/usr/bin/sandbox-exec");
  expect(argv[1]).toBe("-p");
  return argv[2] as string;
}

/** The top-level `(allow <op> ...)` form for `op`, up to the next top-level form. */
function clause(profile: string, op: string): string {
  const start = profile.indexOf(`(allow ${op}\n`);
  if (start < 0) return "";
  const next = profile.indexOf("\n(", start + 1);
  return profile.slice(start, next < 0 ? undefined : next);
}

describe("Seatbelt profile (macOS; generated text only, untested on real macOS)", () => {
  const dirs = makeTempDirs();
  afterEach(() => dirs.cleanup());

  it("wraps argv after `--` and denies by default", () => {
    const ws = dirs.make("ws");
    const argv = createSandbox({ workspace: ws, home: ws, platform: "darwin" }).wrap(["bash", "-c", "ls"]);
    expect(argv.slice(3)).toEqual(["--", "bash", "-c", "ls"]);
    expect(profileOf(argv)).toMatch(/^\(version 1\)\n\(deny default\)/);
  });

  it("reads everything except the secret folders and TANDEM_HOME", () => {
    const ws = dirs.make("ws");
    const home = dirs.make("home");
    const read = clause(
      profileOf(createSandbox({ workspace: ws, home, tandemHome: "/th", platform: "darwin" }).wrap(["true"])),
      "file-read*",
    );
    expect(read).toContain('(subpath "/")');
    for (const secret of [
      ".ssh",
      ".aws",
      ".gnupg",
      ".config/gcloud",
      ".azure",
      ".kube",
      ".docker/config.json",
    ]) {
      expect(read).toContain(`(require-not (subpath "${join(home, secret)}"))`);
    }
    expect(read).toContain('(require-not (subpath "/th"))');
  });

  it("writes the workspace and temp dirs, minus .git/hooks, .git/config, .tandem, and pins .git", () => {
    const ws = dirs.make("ws");
    execFileSync("git", ["init", "-q", ws]);
    const write = clause(
      profileOf(createSandbox({ workspace: ws, home: ws, platform: "darwin" }).wrap(["true"])),
      "file-write*",
    );
    expect(write).toContain(`(subpath "${ws}")`);
    expect(write).toContain('(subpath "/private/tmp")');
    expect(write).toContain(`(require-not (subpath "${ws}/.git/hooks"))`);
    expect(write).toContain(`(require-not (literal "${ws}/.git/config"))`);
    expect(write).toContain(`(require-not (literal "${ws}/.git"))`);
    expect(write).toContain(`(require-not (subpath "${ws}/.tandem"))`);
    // What bubblewrap can only watch (no placeholder) Seatbelt denies outright.
    expect(write).toContain(`(require-not (literal "${ws}/.git/commondir"))`);
    expect(write).toContain(`(require-not (literal "${ws}/.git/objects/info/alternates"))`);
  });

  it("denies creating .git when the workspace has none", () => {
    const ws = dirs.make("ws");
    const write = clause(
      profileOf(createSandbox({ workspace: ws, home: ws, platform: "darwin" }).wrap(["true"])),
      "file-write*",
    );
    expect(write).toContain(`(require-not (subpath "${ws}/.git"))`);
  });

  it("read-only mode allows writing only temp dirs; tmpDir replaces them", () => {
    const ws = dirs.make("ws");
    const tmp = join(dirs.make("session"), "tmp");
    mkdirSync(tmp);
    const ro = clause(
      profileOf(
        createSandbox({ mode: "read-only", workspace: ws, home: ws, platform: "darwin" }).wrap(["true"]),
      ),
      "file-write*",
    );
    expect(ro).not.toContain(`(subpath "${ws}")`);
    expect(ro).toContain('(subpath "/private/tmp")');
    const withTmp = clause(
      profileOf(createSandbox({ workspace: ws, home: ws, tmpDir: tmp, platform: "darwin" }).wrap(["true"])),
      "file-write*",
    );
    expect(withTmp).toContain(`(subpath "${tmp}")`);
    expect(withTmp).not.toContain("/private/tmp");
  });

  it("allows network only when asked", () => {
    const ws = dirs.make("ws");
    const off = profileOf(createSandbox({ workspace: ws, home: ws, platform: "darwin" }).wrap(["true"]));
    const on = profileOf(
      createSandbox({ workspace: ws, home: ws, platform: "darwin", network: true }).wrap(["true"]),
    );
    expect(off).not.toMatch(/\(allow network/);
    expect(on).toContain("(allow network-outbound)");
    expect(on).toContain('(global-name "com.apple.dnssd.service")'); // DNS
    expect(off).not.toContain("com.apple.dnssd.service");
  });

  it("escapes quotes and backslashes in paths", () => {
    const ws = dirs.make('we"ird\\ws');
    const profile = profileOf(createSandbox({ workspace: ws, home: ws, platform: "darwin" }).wrap(["true"]));
    expect(profile).toContain(`(subpath "${ws.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}")`);
    expect(profile).not.toContain(`(subpath "${ws}")`);
  });
});
