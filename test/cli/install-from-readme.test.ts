/**
 * The README's install steps, followed from a folder outside the checkout (issue #10: `npx tandem` only works
 * inside it). `npm install -g --prefix PREFIX .` in the checkout (the README's no-root variant of
 * `npm install -g .`; it builds dist/ through `prepare`), then PREFIX/bin/tandem on the PATH runs `--version` and
 * `tandem exec` against the fake model server from an unrelated folder. Offline: a local folder installs as a
 * link, nothing is fetched.
 */
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { runBuiltTandem } from "../support/built-tandem.ts";
import { registerCliE2E } from "../support/cli-e2e.ts";

const cli = registerCliE2E();
const checkout = fileURLToPath(new URL("../..", import.meta.url));
const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

it("installs onto the PATH as the README says and runs from another folder", async () => {
  const readme = await readFile(join(checkout, "README.md"), "utf8");
  // The steps this test follows are the ones the README gives.
  expect(readme).toContain("npm install -g .");
  expect(readme).toContain("npm install -g --prefix ~/.local .");
  expect(readme).toContain("tandem --version");

  const root = await mkdtemp(join(tmpdir(), "tandem-install-"));
  temps.push(root);
  const prefix = join(root, "prefix");
  const install = spawnSync(
    "npm",
    ["install", "-g", "--prefix", prefix, "--offline", "--no-audit", "--no-fund", "."],
    {
      cwd: checkout,
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, npm_config_cache: join(root, "npm-cache"), npm_config_update_notifier: "false" },
    },
  );
  expect(install.status, install.stderr).toBe(0);

  // A user's shell: the prefix's bin first, and a supported Node (the one running the tests) for the launcher.
  const ws = await cli.workspace();
  const env = { ...ws.env, PATH: `${join(prefix, "bin")}:${dirname(process.execPath)}:${process.env.PATH}` };
  const elsewhere = join(root, "my-project");
  await mkdir(elsewhere);
  // `tandem` found on the PATH, from a folder outside the checkout.
  const exec = await runBuiltTandem({
    command: ["tandem"],
    cwd: elsewhere,
    env,
    server: cli.server,
    script: [{ kind: "reply", text: "hello from the installed tandem" }],
    prompt: "say hello",
  });
  expect(exec.stdout).toBe("hello from the installed tandem\n");
  expect(exec.code).toBe(0);
}, 90_000);
