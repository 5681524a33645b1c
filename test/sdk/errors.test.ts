/**
 * Library users get a TandemError with a stable `code` for each way a session cannot start or a turn fails
 * (src/app/user-error.ts), not an exit code. One test per code.
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createSession,
  defineTool,
  FatalToolError,
  type SessionOptions,
  TandemError,
  type TandemErrorCode,
  z,
} from "../../src/index.ts";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { fakeProviderConfig } from "../support/run-tandem.ts";
import { libraryUrl, runScript } from "./run-script.ts";

const cli = registerCliE2E();

/** The TandemError `promise` rejects with; fails the test when it resolves or throws anything else. */
async function rejection(promise: Promise<unknown>): Promise<TandemError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TandemError)) throw new Error(`expected a TandemError, got ${String(error)}`);
  return error;
}

async function startError(options: Partial<SessionOptions>, config?: string): Promise<TandemError> {
  const ws = await cli.workspace(config === undefined ? {} : { config });
  return rejection(createSession({ cwd: ws.cwd, env: ws.env, storage: "memory", ...options }));
}

async function turnError(steps: Parameters<typeof cli.server.enqueue>, extra = ""): Promise<TandemError> {
  const ws = await cli.workspace({
    config: fakeProviderConfig("openai-chat", cli.server.baseUrl("openai-chat"), extra),
  });
  const session = await createSession({ cwd: ws.cwd, env: ws.env, storage: "memory", maxSteps: 1 });
  try {
    cli.server.enqueue(...steps);
    return await rejection(session.run("go"));
  } finally {
    await session.close();
  }
}

const expectCode = (error: TandemError, code: TandemErrorCode) => {
  expect(error.code, error.message).toBe(code);
  expect(error.message.length).toBeGreaterThan(10);
};

describe("TandemError codes", () => {
  it("config: a malformed config file, or no cwd", async () => {
    expectCode(await startError({}, "model = 3\n"), "config");
    expectCode(await rejection(createSession({} as SessionOptions)), "config");
  });

  it("auth: the provider's key variable is not set; the provider refuses the key", async () => {
    const ws = await cli.workspace();
    const env = { ...ws.env, FAKE_API_KEY: undefined };
    const error = await rejection(createSession({ cwd: ws.cwd, env, storage: "memory" }));
    expectCode(error, "auth");
    expect(error.message).toContain("FAKE_API_KEY");
    expectCode(await turnError([{ kind: "error", status: 401, errorType: "auth" }]), "auth");
  });

  it("model_not_found: an unknown provider", async () => {
    expectCode(await startError({ model: "nowhere/model-x" }), "model_not_found");
  });

  it("project_not_approved: the project's config asks for a model nobody approved", async () => {
    const ws = await cli.workspace();
    await mkdir(join(ws.cwd, ".tandem"));
    await writeFile(join(ws.cwd, ".tandem", "config.toml"), 'model = "fake/other-model"\n');
    const error = await rejection(createSession({ cwd: ws.cwd, env: ws.env, storage: "memory" }));
    expectCode(error, "project_not_approved");
  });

  it("session_not_found: resuming a session that is not there", async () => {
    expectCode(await startError({ resume: "no-such-session", storage: undefined }), "session_not_found");
  });

  it("provider: the server fails the request (no retries configured)", async () => {
    const error = await turnError(
      [{ kind: "error", status: 500, errorType: "server" }],
      "[retry]\nmax_retries = 0",
    );
    expectCode(error, "provider");
    expect(error.detail).toBe("server");
  });

  it("max_steps: the turn reaches its step limit", async () => {
    const error = await turnError([
      { kind: "reply", toolCalls: [{ name: "ls", arguments: {} }] },
      { kind: "reply", text: "never asked for" },
    ]);
    expectCode(error, "max_steps");
    cli.server.clear();
  });

  it("tool: a tool fails in a way the model cannot fix", async () => {
    const ws = await cli.workspace();
    const broken = defineTool({
      name: "deploy",
      description: "Deploy the site.",
      parameters: z.object({}),
      kind: "other",
      async execute() {
        throw new FatalToolError("the deploy server revoked our credentials");
      },
    });
    const session = await createSession({
      cwd: ws.cwd,
      env: ws.env,
      storage: "memory",
      mode: "full",
      tools: [broken],
    });
    try {
      cli.server.enqueue({ kind: "reply", toolCalls: [{ name: "deploy", arguments: {} }] });
      const error = await rejection(session.run("deploy"));
      expectCode(error, "tool");
      expect(error.message).toContain("revoked our credentials");
    } finally {
      await session.close();
    }
  });

  it("closed: a run after close", async () => {
    const ws = await cli.workspace();
    const session = await createSession({ cwd: ws.cwd, env: ws.env, storage: "memory" });
    await session.close();
    expectCode(await rejection(session.run("hi")), "closed");
  });

  it("sandbox_unavailable: bubblewrap missing, and no sandbox-free mode chosen", async () => {
    const ws = await cli.workspace();
    // Only git on PATH: bubblewrap cannot be found (the sandbox looks it up once per process, hence a child).
    const bin = await mkdtemp(join(ws.root, "bin-"));
    await symlink(
      execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim(),
      join(bin, "git"),
    );
    const probe = join(ws.root, "probe.ts");
    await writeFile(
      probe,
      [
        `import { createSession } from ${JSON.stringify(libraryUrl)};`,
        "try {",
        '  await createSession({ cwd: process.cwd(), storage: "memory" });',
        '  console.log("started");',
        "} catch (error) {",
        "  console.log(error.name, error.code);",
        "}",
      ].join("\n"),
    );
    const r = await runScript(probe, [], { cwd: ws.cwd, env: { ...ws.env, PATH: bin } });
    expect(r.stdout.trim(), r.stderr).toBe("UserError sandbox_unavailable");
  });
});
