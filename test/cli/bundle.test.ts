/**
 * Issue #11, start-up: `npm run build` bundles dist/ (scripts/build.ts). The bundle, built here into a temp
 * copy of the package (so a concurrent `npm install -g .` rebuilding the checkout's dist/ cannot race it), runs
 * through the real launcher: `--version` and an exec against the fake model server; what `tandem exec` does not
 * need (the interactive UI, the config schema's zod) stays out of the entry chunk; the bundle takes Node's
 * built-ins without their ES facades (scripts/builtins-without-facade.ts), so the exec loads none of the
 * built-ins only a facade reads, nor crypto, readline or perf_hooks before its first model request, nor the
 * safety gate (whose checkpoints load crypto) before that request is written, nor a stream for a stdin at
 * /dev/null; and a
 * position in the bundle maps back to its line in src/ through the source maps, as node's
 * `--enable-source-maps` shows stack traces.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { SourceMap } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runBuiltTandem } from "../support/built-tandem.ts";
import { registerCliE2E } from "../support/cli-e2e.ts";

const cli = registerCliE2E();
const checkout = fileURLToPath(new URL("../..", import.meta.url));
let pkg = "";

beforeAll(() => {
  pkg = mkdtempSync(join(tmpdir(), "tandem-bundle-"));
  cpSync(join(checkout, "bin"), join(pkg, "bin"), { recursive: true });
  cpSync(join(checkout, "package.json"), join(pkg, "package.json"));
  symlinkSync(join(checkout, "node_modules"), join(pkg, "node_modules"));
  const built = spawnSync(
    process.execPath,
    [join(checkout, "scripts/build.ts"), "--out", join(pkg, "dist")],
    {
      cwd: checkout,
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  expect(built.status, built.stderr).toBe(0);
}, 90_000);
afterAll(() => {
  if (pkg) rmSync(pkg, { recursive: true, force: true });
});

/**
 * Built-ins that only an ES facade loads: `import … from "node:util"` reads util's lazy getters (worker_threads,
 * the assert diff), `node:crypto` its webcrypto. At exit, the hook lists which of them the process loaded; and
 * which of crypto and readline (lazy built-ins, loaded at a first call) and perf_hooks (loaded by the first use
 * of `performance`) were loaded when the first model request went.
 */
const REPORT_BUILTINS = `data:text/javascript,${encodeURIComponent(`
import dc from "node:diagnostics_channel";
import { writeSync } from "node:fs";
const loaded = (name) => process.moduleLoadList.includes("NativeModule " + name);
let first = true;
dc.subscribe("http.client.request.start", ({ request }) => {
  const early = ["crypto", "readline", "perf_hooks"].filter(loaded);
  if (first) {
    writeSync(2, "lazy built-ins at the first request: [" + early.join(",") + "]\\n");
    // The safety gate (its checkpoints load crypto) waits for the request to be written (src/app/clients.ts).
    request.once("finish", () => writeSync(2, "crypto loaded when the first request was written: " + loaded("crypto") + "\\n"));
  }
  first = false;
});
process.on("exit", () => {
  const facadeOnly = ["worker_threads", "internal/crypto/webcrypto", "internal/util/diff"].filter(loaded);
  writeSync(2, "facade-only built-ins: [" + facadeOnly.join(",") + "]\\n");
});
`)}`;

/** The launcher with its shebang's node flags, as a user runs it. */
function launcher(): string[] {
  const entry = join(pkg, "bin/tandem.js");
  const shebang = readFileSync(entry, "utf8").split("\n")[0] ?? "";
  return [...shebang.split(/\s+/).filter((w) => w.startsWith("--")), entry];
}

it("runs --version and an exec against the fake model server", async () => {
  const ws = await cli.workspace();
  const exec = await runBuiltTandem({
    command: [process.execPath, "--import", REPORT_BUILTINS, ...launcher()],
    cwd: ws.cwd,
    env: ws.env,
    server: cli.server,
    script: [
      { kind: "reply", toolCalls: [{ name: "shell", arguments: { command: "echo hi > a.txt" } }] },
      { kind: "reply", text: "done from the bundle" },
    ],
    prompt: "write a file",
  });
  expect(exec.stdout).toContain("done from the bundle");
  expect(exec.code).toBe(0);
  // The shell call ran, analysed by tree-sitter-bash, whose .wasm the bundle found in node_modules.
  expect(readFileSync(join(ws.cwd, "a.txt"), "utf8")).toBe("hi\n");
  expect(exec.stderr).toContain("facade-only built-ins: []");
  expect(exec.stderr).toContain("lazy built-ins at the first request: []");
  expect(exec.stderr).toContain("crypto loaded when the first request was written: false");
}, 60_000);

it("with stdin at /dev/null, never opens it: no stream is created before the first request", async () => {
  const ws = await cli.workspace();
  cli.server.enqueue({ kind: "reply", text: "ok" });
  // process.stdin's getter loads Node's fs streams for /dev/null (src/cli/piped-input.ts, `stdinKind`).
  const report = `data:text/javascript,${encodeURIComponent(`
import dc from "node:diagnostics_channel";
// Not \`import … from "node:fs"\`: its ES facade reads fs's lazy ReadStream and loads the streams itself.
const { writeSync } = process.getBuiltinModule("node:fs");
let first = true;
dc.subscribe("http.client.request.start", () => {
  if (first) writeSync(2, "fs streams at the first request: " + process.moduleLoadList.includes("NativeModule internal/fs/streams") + "\\n");
  first = false;
});
`)}`;
  // Asynchronously: the fake model server answers from this process.
  const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", report, ...launcher(), "exec", "hi"], {
      cwd: ws.cwd,
      env: ws.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toBe("ok\n");
  expect(r.stderr).toContain("fs streams at the first request: false");
}, 60_000);

it("keeps what a run may not need out of the entry chunk, each lazy import a chunk of its own", () => {
  const map = JSON.parse(readFileSync(join(pkg, "dist/cli/main.js.map"), "utf8")) as { sources: string[] };
  const sources = map.sources.join("\n");
  expect(sources).toContain("src/cli/main.ts");
  expect(sources).not.toMatch(/src\/tui\/|src\/safety\/|node_modules\/zod\//);
  const chunks = readdirSync(join(pkg, "dist/chunks")).filter((f) => f.endsWith(".js"));
  expect(chunks.length).toBeGreaterThan(10);
});

it("maps a position in the bundle back to its line in src/", () => {
  const bundle = readFileSync(join(pkg, "dist/cli/main.js"), "utf8").split("\n");
  const line = bundle.findIndex((l) => l.includes("function unknownCommand("));
  expect(line).toBeGreaterThanOrEqual(0);
  // The declaration's name (whitespace is minified away, so a call to it may come first on the same line).
  const column = (bundle[line] as string).indexOf("function unknownCommand(") + "function ".length;
  const map = new SourceMap(JSON.parse(readFileSync(join(pkg, "dist/cli/main.js.map"), "utf8")));
  const origin = map.findOrigin(line + 1, column + 1) as { fileName?: string; lineNumber?: number };
  expect(origin.fileName).toMatch(/src\/cli\/main\.ts$/);
  const src = readFileSync(join(checkout, "src/cli/main.ts"), "utf8").split("\n");
  expect(src[(origin.lineNumber as number) - 1]).toContain("function unknownCommand(");
});
