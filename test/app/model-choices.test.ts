/** The models a picker offers: ready ones first, the env var a keyed provider lacks named, no key read out. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { listModelChoices } from "../../src/app/model-choices.ts";

let home: string | undefined;
afterEach(() => {
  if (home) rmSync(home, { recursive: true, force: true });
  home = undefined;
});

it("lists ready models first and names the key a model still needs", async () => {
  home = mkdtempSync(join(tmpdir(), "tandem-model-choices-"));
  writeFileSync(
    join(home, "config.toml"),
    [
      "[providers.box]",
      'protocol = "openai-chat"',
      'base_url = "http://127.0.0.1:9/v1"',
      "[[models]]",
      'id = "box/local-coder"',
      "context_window = 32000",
      "max_output = 4096",
    ].join("\n"),
  );
  const secret = "sk-ant-test-0123456789";
  const choices = await listModelChoices({ env: { ANTHROPIC_API_KEY: secret }, home, cwd: home });
  const byId = new Map(choices.map((c) => [c.id, c]));
  expect(byId.get("box/local-coder")).toEqual({ id: "box/local-coder", contextWindow: 32000, ready: true });
  const claude = choices.find((c) => c.id.startsWith("anthropic/"));
  expect(claude?.ready).toBe(true);
  const gpt = choices.find((c) => c.id.startsWith("openai/"));
  expect(gpt).toMatchObject({ ready: false, needs: "OPENAI_API_KEY" });
  const firstNotReady = choices.findIndex((c) => !c.ready);
  expect(choices.slice(firstNotReady).every((c) => !c.ready)).toBe(true);
  expect(JSON.stringify(choices)).not.toContain(secret);
});
