/** `[timeouts]` in config: seconds in the file, milliseconds for the clients, merged from a project, bounded. */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { streamTimeouts } from "../../src/app/clients.ts";
import { loadConfig } from "../../src/app/config.ts";
import { createModelRegistry } from "../../src/app/models.ts";

let root: string;
let home: string;
let project: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "tandem-timeouts-"));
  home = join(root, "home");
  project = join(root, "repo");
  await mkdir(home, { recursive: true });
  await mkdir(join(project, ".git"), { recursive: true });
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe("[timeouts]", () => {
  it("becomes the clients' milliseconds, the project's keys over the user's", async () => {
    await writeFile(join(home, "config.toml"), "[timeouts]\nfirst_byte_seconds = 120\nidle_seconds = 200\n");
    await mkdir(join(project, ".tandem"));
    await writeFile(join(project, ".tandem", "config.toml"), "[timeouts]\nidle_seconds = 0.5\n");
    const { config } = await loadConfig({ home, cwd: project });
    expect(streamTimeouts(config)).toEqual({ firstByteMs: 120_000, idleMs: 500 });
  });

  it("a provider's own [providers.x.timeouts] reach its resolved entry, in milliseconds", async () => {
    await writeFile(
      join(home, "config.toml"),
      '[timeouts]\nidle_seconds = 200\n[providers.slow]\nprotocol = "openai-chat"\nbase_url = "http://127.0.0.1:9/v1"\n[providers.slow.timeouts]\nfirst_byte_seconds = 600\n',
    );
    await expect(loadConfig({ home, cwd: project })).rejects.toThrow(
      /providers\.slow\.timeouts\.first_byte_seconds/,
    );
    await writeFile(
      join(home, "config.toml"),
      '[timeouts]\nidle_seconds = 200\n[providers.slow]\nprotocol = "openai-chat"\nbase_url = "http://127.0.0.1:9/v1"\n[providers.slow.timeouts]\nfirst_byte_seconds = 240\n',
    );
    const { config } = await loadConfig({ home, cwd: project });
    const registry = createModelRegistry({ config, env: {}, createClient: () => ({}) as never });
    expect(registry.providers.get("slow")?.timeouts).toEqual({ firstByteMs: 240_000 });
    expect(streamTimeouts(config)).toEqual({ idleMs: 200_000 });
  });

  it("unset keeps the clients' defaults", () => {
    expect(streamTimeouts({})).toEqual({});
  });

  it("refuses more than 300 s (Node's fetch gives up there), naming the file and the key", async () => {
    await writeFile(join(home, "config.toml"), "[timeouts]\nfirst_byte_seconds = 600\n");
    await expect(loadConfig({ home, cwd: project })).rejects.toThrow(/timeouts\.first_byte_seconds/);
  });
});
