/**
 * The package as a user installs it: built with `tsconfig.build.json` (JavaScript and declarations), placed in
 * a temp project's node_modules under its name, imported from plain JavaScript and type-checked from
 * TypeScript. Proves package.json `exports`/`types` resolve to what the build emits, without the repository's
 * `tandem-source` condition.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));
const tsc = join(root, "node_modules", ".bin", "tsc");
let temp: string | undefined;
afterAll(() => (temp ? rm(temp, { recursive: true, force: true }) : undefined));

const consumerJs = `
import { createSession, defineTool, TandemError, z } from "tandem-agent";
const tool = defineTool({
  name: "noop", description: "does nothing", parameters: z.object({}), kind: "think",
  async execute() { return { content: "ok" }; },
});
let code;
try { await createSession({}); } catch (error) { code = error instanceof TandemError ? error.code : String(error); }
console.log(JSON.stringify({ createSession: typeof createSession, tool: tool.name, code }));
`;

const consumerTs = `
import {
  type AgentEvent,
  type Conversation,
  createConversation,
  createSession,
  defineTool,
  reduceConversation,
  type RunResult,
  type Session,
  TandemError,
  z,
} from "tandem-agent";

const echo = defineTool({
  name: "echo",
  description: "Echo a text.",
  parameters: z.object({ text: z.string() }),
  kind: "think",
  async execute({ text }) {
    // \`text\` is inferred from the schema as a string.
    return { content: text.toUpperCase() };
  },
});

export async function main(): Promise<RunResult> {
  const session: Session = await createSession({ cwd: ".", tools: [echo], storage: "memory", mode: "auto" });
  let state: Conversation = createConversation({ cwd: "." });
  for await (const event of session.subscribe()) {
    const e: AgentEvent = event;
    state = reduceConversation(state, e);
    if (e.type === "turn_finished") break;
  }
  console.log(state.entries.length);
  try {
    return await session.run("hi");
  } catch (error) {
    if (error instanceof TandemError && error.code === "provider") throw error;
    throw error;
  } finally {
    await session.close();
  }
}
`;

it("resolves by name from a temp project: JavaScript import and TypeScript types", async () => {
  temp = await mkdtemp(join(tmpdir(), "tandem-pkg-"));
  const pkg = join(temp, "pkg");
  const consumer = join(temp, "consumer");
  await mkdir(pkg);
  await mkdir(join(consumer, "node_modules"), { recursive: true });
  await copyFile(join(root, "package.json"), join(pkg, "package.json"));
  // As `npm run build` does, into the temp package: the bundler's JavaScript when the checkout bundles, then
  // tsc (the declarations, and the JavaScript when nothing bundles).
  const bundler = join(root, "scripts", "build.ts");
  if (existsSync(bundler)) await run(process.execPath, [bundler, "--out", join(pkg, "dist")], { cwd: root });
  await run(tsc, ["-p", join(root, "tsconfig.build.json"), "--outDir", join(pkg, "dist")], { cwd: root });
  await symlink(await realpath(join(root, "node_modules")), join(pkg, "node_modules"));
  await symlink(pkg, join(consumer, "node_modules", "tandem-agent"));

  await writeFile(join(consumer, "main.mjs"), consumerJs);
  const js = await run(process.execPath, ["main.mjs"], { cwd: consumer });
  expect(JSON.parse(js.stdout)).toEqual({ createSession: "function", tool: "noop", code: "config" });

  await writeFile(join(consumer, "main.ts"), consumerTs);
  await writeFile(
    join(consumer, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "es2024",
        module: "nodenext",
        moduleResolution: "nodenext",
        strict: true,
        noEmit: true,
        types: ["node"],
        typeRoots: [join(root, "node_modules", "@types")],
      },
      files: ["main.ts"],
    }),
  );
  const checked = await run(tsc, ["-p", "tsconfig.json"], { cwd: consumer }).then(
    () => "ok",
    (error: { stdout?: string }) => error.stdout ?? String(error),
  );
  expect(checked).toBe("ok");
}, 120_000);
