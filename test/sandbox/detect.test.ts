import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkSandboxSupportSync, classifyBwrapFailure } from "../../src/sandbox/detect.ts";
import {
  checkSandboxSupport,
  clearSandboxSupportCache,
  createSandbox,
  SandboxUnavailableError,
} from "../../src/sandbox/index.ts";
import { makeTempDirs } from "./helpers.ts";

describe("checkSandboxSupport: probing and classifying bubblewrap", () => {
  const dirs = makeTempDirs();
  afterEach(() => {
    clearSandboxSupportCache();
    dirs.cleanup();
  });

  /** A real bwrap started inside another bwrap that dropped every capability: namespaces are refused. */
  function confinedBwrap(): string {
    const script = join(dirs.make("bin"), "bwrap-without-userns");
    writeFileSync(script, '#!/bin/sh\nexec bwrap --ro-bind / / --cap-drop ALL -- bwrap "$@"\n');
    chmodSync(script, 0o755);
    return script;
  }

  it("reports ok where bubblewrap works (this machine)", async () => {
    expect(await checkSandboxSupport()).toEqual({ ok: true });
  });

  it("names the install command when bwrap is missing", async () => {
    const result = await checkSandboxSupport("/nonexistent/bwrap");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toMatch(/not installed/);
    expect(result.fix).toMatch(/apt-get install bubblewrap/);
    expect(result.fix).toMatch(/dnf install bubblewrap/);
  });

  it("classifies a real user-namespace refusal and names the setting", async () => {
    const result = await checkSandboxSupport(confinedBwrap());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toMatch(/user namespaces/);
    expect(result.fix).toMatch(/unprivileged_userns_clone=1|max_user_namespaces|apparmor/);
  });

  it("createSandbox throws SandboxUnavailableError with reason and fix instead of running unsandboxed", () => {
    const ws = dirs.make("ws");
    let caught: unknown;
    try {
      createSandbox({ workspace: ws, bwrapPath: "/nonexistent/bwrap" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SandboxUnavailableError);
    const error = caught as SandboxUnavailableError;
    expect(error.reason).toMatch(/not installed/);
    expect(error.fix).toMatch(/apt-get install bubblewrap/);
    expect(error.message).toMatch(/Nothing was run/);
    // full-access needs no sandbox, so it still works without bwrap.
    expect(createSandbox({ mode: "full-access", workspace: ws, bwrapPath: "/nonexistent/bwrap" }).mode).toBe(
      "full-access",
    );
  });

  it("the sync and async probes agree and the answer is cached", async () => {
    const path = confinedBwrap();
    const sync = checkSandboxSupportSync(path);
    expect(sync.ok).toBe(false);
    expect(await checkSandboxSupport(path)).toBe(sync);
  });

  it("refuses platforms without a sandbox backend", () => {
    const ws = dirs.make("ws");
    expect(() => createSandbox({ workspace: ws, platform: "win32" })).toThrow(SandboxUnavailableError);
    expect(() => createSandbox({ workspace: ws, platform: "win32" })).toThrow(/win32/);
  });
});

describe("classifyBwrapFailure picks the fix from the kernel settings", () => {
  const sysctls =
    (values: Record<string, string>) =>
    (name: string): string | undefined =>
      values[name];
  const eperm = { stderr: "bwrap: Creating new namespace failed: Operation not permitted\n", status: 1 };

  it("Ubuntu 23.10+ AppArmor restriction", () => {
    const r = classifyBwrapFailure(
      { stderr: "bwrap: setting up uid map: Permission denied\n", status: 1 },
      sysctls({ "kernel/apparmor_restrict_unprivileged_userns": "1" }),
    );
    expect(r.fix).toMatch(/kernel\.apparmor_restrict_unprivileged_userns=0/);
    expect(r.fix).toMatch(/AppArmor profile/);
  });

  it("Debian-style unprivileged_userns_clone=0", () => {
    const r = classifyBwrapFailure(eperm, sysctls({ "kernel/unprivileged_userns_clone": "0" }));
    expect(r.fix).toMatch(/kernel\.unprivileged_userns_clone=1/);
  });

  it("user.max_user_namespaces=0", () => {
    const r = classifyBwrapFailure(eperm, sysctls({ "user/max_user_namespaces": "0" }));
    expect(r.fix).toMatch(/user\.max_user_namespaces/);
  });

  it("unknown cause still lists the settings to check", () => {
    const r = classifyBwrapFailure(eperm, sysctls({}));
    expect(r.reason).toMatch(/Operation not permitted/);
    expect(r.fix).toMatch(/unprivileged_userns_clone=1/);
    expect(r.fix).toMatch(/apparmor_restrict_unprivileged_userns=0/);
  });

  it("a /proc mount failure is reported as such", () => {
    const r = classifyBwrapFailure({
      stderr: "bwrap: Can't mount proc on /newroot/proc: Operation not permitted",
      status: 1,
    });
    expect(r.reason).toMatch(/\/proc/);
  });
});
