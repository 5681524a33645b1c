/**
 * The launcher's compile cache (bin/tandem.js): Node's on-disk cache of our compiled modules lives in the user's
 * own cache folder (`$XDG_CACHE_HOME/tandem/node-compile-cache`, else `~/.cache/tandem/…`), created 0700, and a
 * folder that cannot be written never fails a run. The launcher runs here in front of a two-module stand-in for
 * dist/ (the cache and the launcher do not depend on what the bundle holds; test/cli/bundle.test.ts runs the real
 * one).
 */
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const checkout = fileURLToPath(new URL("../..", import.meta.url));
let root = "";
let launcher = "";

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "tandem-compile-cache-"));
  const pkg = join(root, "pkg");
  cpSync(join(checkout, "bin"), join(pkg, "bin"), { recursive: true });
  mkdirSync(join(pkg, "dist/cli"), { recursive: true });
  writeFileSync(
    join(pkg, "dist/cli/main.js"),
    'import { said } from "./said.js";\nprocess.stdout.write(said);\n',
  );
  writeFileSync(join(pkg, "dist/cli/said.js"), 'export const said = "stand-in ran\\n";\n');
  launcher = join(pkg, "bin/tandem.js");
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** The launcher with its shebang's node flags (the cache folder's name depends on them), as a user runs it. */
function run(env: NodeJS.ProcessEnv, wrap: string[] = []) {
  const flags = (readFileSync(launcher, "utf8").split("\n")[0] ?? "")
    .split(/\s+/)
    .filter((w) => w.startsWith("--"));
  const argv = [...wrap, process.execPath, ...flags, launcher];
  const { NODE_COMPILE_CACHE: _, NODE_DISABLE_COMPILE_CACHE: __, ...inherited } = process.env;
  return spawnSync(argv[0] as string, argv.slice(1), {
    cwd: root,
    env: { ...inherited, ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
}

/** Every cache entry Node wrote under `dir` (it adds a folder per Node version and flags). */
function entries(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
}

describe("the launcher's compile cache", () => {
  it("goes in $XDG_CACHE_HOME/tandem, a folder only the user can open, and is read back on the next run", () => {
    const xdg = join(root, "xdg");
    const first = run({ XDG_CACHE_HOME: xdg, HOME: join(root, "unused-home") });
    expect(first.stdout, first.stderr).toBe("stand-in ran\n");
    const dir = join(xdg, "tandem/node-compile-cache");
    expect(entries(dir).length).toBeGreaterThanOrEqual(2);
    expect(statSync(join(xdg, "tandem")).mode & 0o777).toBe(0o700);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(existsSync(join(root, "unused-home"))).toBe(false);
    // Node's own debug output says whether a cached entry was used instead of compiling the module again.
    const second = run({ XDG_CACHE_HOME: xdg, NODE_DEBUG_NATIVE: "COMPILE_CACHE" });
    expect(second.stdout).toBe("stand-in ran\n");
    expect(second.stderr).toMatch(/said\.js was accepted/);
  });

  it("goes in ~/.cache/tandem without XDG_CACHE_HOME, or when it is not an absolute path (as the XDG spec says)", () => {
    const home = join(root, "home");
    mkdirSync(home);
    for (const xdg of [undefined, "relative/cache"]) {
      const r = run({ HOME: home, ...(xdg ? { XDG_CACHE_HOME: xdg } : {}) });
      expect(r.stdout, r.stderr).toBe("stand-in ran\n");
    }
    expect(entries(join(home, ".cache/tandem/node-compile-cache")).length).toBeGreaterThanOrEqual(2);
    expect(existsSync(join(root, "relative"))).toBe(false);
  });

  it("runs the same, silently, when the cache folder cannot be made or written", () => {
    // A file where the folder would go: not even root can make the folder.
    const blocked = join(root, "a-file");
    writeFileSync(blocked, "");
    const underFile = run({ XDG_CACHE_HOME: join(blocked, "cache") });
    expect(underFile.status).toBe(0);
    expect(underFile.stdout).toBe("stand-in ran\n");
    expect(underFile.stderr).toBe("");

    // A read-only cache folder (bubblewrap binds it read-only, which holds for root too): empty, and one that
    // already holds another run's entries, which are read but never rewritten.
    for (const filled of [false, true]) {
      const xdg = join(root, filled ? "ro-filled" : "ro-empty");
      mkdirSync(xdg);
      if (filled) run({ XDG_CACHE_HOME: xdg });
      const before = entries(xdg).length;
      const r = run({ XDG_CACHE_HOME: xdg }, ["bwrap", "--dev-bind", "/", "/", "--ro-bind", xdg, xdg]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe("stand-in ran\n");
      expect(r.stderr).toBe("");
      expect(entries(xdg).length).toBe(before);
    }
  });
});
