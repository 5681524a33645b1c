/**
 * createSession's options do what docs/sdk.md says: the given fetch carries the model requests; a given env
 * is the only one read (keys, TANDEM_HOME); `home` names tandem's home; storage in memory writes no file and a
 * dir one can be resumed; added tools reach the model, alone with `builtinTools: false`; runs queue and each
 * resolves with its own turn.
 */
import { existsSync, readdirSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSession, defineTool, TandemError, z } from "../../src/index.ts";
import { registerCliE2E } from "../support/cli-e2e.ts";

const cli = registerCliE2E();

/** The names of the tools request `index` offered the model (openai-chat's `tools[].function.name`). */
const offered = (index: number) =>
  ((cli.server.requests[index]?.body.tools ?? []) as { function: { name: string } }[]).map(
    (t) => t.function.name,
  );

const saved = { home: process.env.TANDEM_HOME, key: process.env.FAKE_API_KEY };
afterEach(() => {
  if (saved.home === undefined) delete process.env.TANDEM_HOME;
  else process.env.TANDEM_HOME = saved.home;
  if (saved.key === undefined) delete process.env.FAKE_API_KEY;
  else process.env.FAKE_API_KEY = saved.key;
});

describe("createSession options", () => {
  it("sends every model request through the given fetch", async () => {
    const ws = await cli.workspace();
    const seen: string[] = [];
    const counting: typeof fetch = (input, init) => {
      seen.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    };
    const session = await createSession({ cwd: ws.cwd, env: ws.env, storage: "memory", fetch: counting });
    try {
      cli.server.enqueue({ kind: "reply", text: "hello" });
      expect((await session.run("hi")).text).toBe("hello");
      expect(seen).toEqual([`${cli.server.baseUrl("openai-chat")}/chat/completions`]);
    } finally {
      await session.close();
    }
  });

  it("reads keys and TANDEM_HOME from the given env only, and config from `home`", async () => {
    const ws = await cli.workspace();
    const broken = join(ws.root, "broken-home");
    await mkdir(broken);
    await writeFile(join(broken, "config.toml"), "this is not toml = = =\n");
    // The process's environment points at a broken home and has no key: neither may be read.
    process.env.TANDEM_HOME = broken;
    delete process.env.FAKE_API_KEY;
    const viaEnv = await createSession({ cwd: ws.cwd, env: ws.env, storage: "memory" });
    await viaEnv.close();
    expect(viaEnv.model).toBe("fake/fake-model");
    // `home` wins over the env's TANDEM_HOME.
    const viaHome = await createSession({
      cwd: ws.cwd,
      env: { FAKE_API_KEY: "k", PATH: process.env.PATH },
      home: ws.home,
      storage: "memory",
    });
    await viaHome.close();
    expect(viaHome.model).toBe("fake/fake-model");
    // Without env, the process's is the one read: its broken config stops the session.
    const error = await createSession({ cwd: ws.cwd, storage: "memory" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TandemError);
    expect((error as TandemError).code).toBe("config");
  });

  it("keeps a memory session out of the sessions folder; a dir session is saved there and resumes", async () => {
    const ws = await cli.workspace();
    const sessionsOf = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
    const memory = await createSession({ cwd: ws.cwd, env: ws.env, storage: "memory" });
    cli.server.enqueue({ kind: "reply", text: "one" });
    await memory.run("remember: blue");
    await memory.close();
    expect(sessionsOf(join(ws.home, "sessions"))).toEqual([]);

    const dir = join(ws.root, "my-sessions");
    const first = await createSession({ cwd: ws.cwd, env: ws.env, storage: { dir } });
    cli.server.enqueue({ kind: "reply", text: "noted" });
    await first.run("remember: green");
    await first.close();
    expect(sessionsOf(dir)).toEqual([`${first.id}.jsonl`]);

    const again = await createSession({ cwd: ws.cwd, env: ws.env, storage: { dir }, resume: first.id });
    const before = cli.server.requests.length;
    cli.server.enqueue({ kind: "reply", text: "green" });
    await again.run("which colour?");
    await again.close();
    expect(again.id).toBe(first.id);
    expect(JSON.stringify(cli.server.requests[before]?.body)).toContain("remember: green");
  });

  it("adds tools to the built-in ones, or offers them alone; a clashing name is a config error", async () => {
    const ws = await cli.workspace();
    const calls: string[] = [];
    const shout = defineTool({
      name: "shout",
      description: "Upper-case a text.",
      parameters: z.object({ text: z.string() }),
      kind: "think",
      async execute({ text }) {
        calls.push(text);
        return { content: text.toUpperCase() };
      },
    });
    const added = await createSession({ cwd: ws.cwd, env: ws.env, storage: "memory", tools: [shout] });
    let before = cli.server.requests.length;
    cli.server.enqueue({ kind: "reply", text: "ok" });
    await added.run("hi");
    await added.close();
    expect(offered(before)).toContain("shout");
    expect(offered(before)).toContain("shell");

    const alone = await createSession({
      cwd: ws.cwd,
      env: ws.env,
      storage: "memory",
      tools: [shout],
      builtinTools: false,
    });
    before = cli.server.requests.length;
    cli.server.enqueue(
      { kind: "reply", toolCalls: [{ name: "shout", arguments: { text: "hey" } }] },
      { kind: "reply", text: "done" },
    );
    await alone.run("shout hey");
    await alone.close();
    expect(offered(before)).toEqual(["shout"]);
    expect(calls).toEqual(["hey"]);
    expect(JSON.stringify(cli.server.requests[before + 1]?.body)).toContain("HEY");

    const clash = { ...shout, name: "read" };
    const error = await createSession({ cwd: ws.cwd, env: ws.env, storage: "memory", tools: [clash] }).catch(
      (e: unknown) => e,
    );
    expect((error as TandemError).code).toBe("config");
    expect((error as TandemError).message).toContain('"read"');
  });

  it("queues runs: each resolves with its own turn's answer", async () => {
    const ws = await cli.workspace();
    const session = await createSession({ cwd: ws.cwd, env: ws.env, storage: "memory" });
    try {
      cli.server.enqueue(
        { kind: "reply", text: "first answer", delayMs: 20 },
        { kind: "reply", text: "second answer" },
      );
      const [a, b] = await Promise.all([session.run("one"), session.run("two")]);
      expect([a.text, b.text]).toEqual(["first answer", "second answer"]);
      expect(a.turn_id).not.toBe(b.turn_id);
    } finally {
      await session.close();
    }
  });
});
