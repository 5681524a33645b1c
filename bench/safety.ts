/**
 * The safety layer's cost per tool call, through the real CLI against the fake model server: the gap from the
 * end of one model response to the next request, for N shell calls, in a git repository of 500 files:
 *   - baseline: `--mode full` (no sandbox), `true` (read-only: analysed, not checkpointed)
 *   - auto mode, sandboxed, `true` (analysis + bubblewrap)
 *   - auto mode, sandboxed, a command that changes a file every call (analysis + checkpoint + journal + bubblewrap)
 * Each response streams with 20 ms between events (a model is never instant), which lets the checkpoint taken
 * after a step overlap the next response, as it does with a real model.
 * Target: <= 40 ms per call with the sandbox and checkpoints on. Sandbox overhead per command alone: bench/sandbox.ts.
 * Run: node bench/safety.ts [--calls N]
 */
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startFakeModel } from "../test/support/fake-model/index.ts";
import { fakeProviderConfig } from "../test/support/run-tandem.ts";

const callsArg = process.argv.indexOf("--calls");
const CALLS = callsArg > 0 ? Number(process.argv[callsArg + 1]) : 20;
const entry = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));
// The node flags from the launcher's shebang, as bench/exec.ts does: without them the command analyser's wasm is
// optimized (~500 MB more memory), and every process tandem starts then costs several times more to fork.
const launcher = fileURLToPath(new URL("../bin/tandem.js", import.meta.url));
const nodeFlags = (readFileSync(launcher, "utf8").split("\n")[0] ?? "")
  .split(/\s+/)
  .filter((w) => w.startsWith("--"));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

const server = await startFakeModel();
const root = await mkdtemp(join(tmpdir(), "tandem-bench-safety-"));
try {
  const home = join(root, "home");
  const cwd = join(root, "project");
  await mkdir(home);
  await mkdir(join(cwd, "src"), { recursive: true });
  await writeFile(
    join(home, "config.toml"),
    fakeProviderConfig("openai-chat", server.baseUrl("openai-chat")),
  );
  for (let i = 0; i < 500; i++) await writeFile(join(cwd, "src", `f${i}.ts`), `export const v${i} = ${i};\n`);
  const git = (args: string[]) =>
    execFileSync("git", args, {
      cwd,
      stdio: "ignore",
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "b",
        GIT_AUTHOR_EMAIL: "b@b",
        GIT_COMMITTER_NAME: "b",
        GIT_COMMITTER_EMAIL: "b@b",
      },
    });
  git(["init", "-q"]);
  git(["add", "-A"]);
  git(["commit", "-qm", "init"]);
  const env = { ...process.env, TANDEM_HOME: home, FAKE_API_KEY: "k", NO_COLOR: "1" };

  async function gaps(flags: string[], command: (i: number) => string): Promise<number[]> {
    const before = server.requests.length;
    for (let i = 0; i < CALLS; i++) {
      // A model takes time to answer; 20 ms between SSE events is still far quicker than a real one.
      server.enqueue({
        kind: "reply",
        delayMs: 20,
        toolCalls: [{ name: "shell", arguments: { command: command(i) } }],
      });
    }
    server.enqueue({ kind: "reply", text: "done" });
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [...nodeFlags, entry, "exec", ...flags, "go"], {
        cwd,
        env,
        stdio: "ignore",
      });
      child.on("close", resolve);
    });
    if (code !== 0) throw new Error(`exec ${flags.join(" ")} exited ${code}`);
    const reqs = server.requests.slice(before);
    const out: number[] = [];
    // The first call also waits for the analyser to load: skip it.
    for (let i = 1; i + 1 < reqs.length; i++) {
      const ended = reqs[i]?.respondedAt;
      const next = reqs[i + 1]?.receivedAt;
      if (ended && next) out.push(next - ended);
    }
    return out;
  }

  const rows: Array<[string, number[]]> = [
    ["full mode, no sandbox, `true`", await gaps(["--mode", "full"], () => "true")],
    ["auto mode, sandboxed, `true`", await gaps(["--mode", "auto"], () => "true")],
    [
      "auto mode, sandboxed + checkpoint + journal, `printf N > out.txt`",
      await gaps(["--mode", "auto"], (i) => `printf ${i} > out.txt`),
    ],
  ];
  console.log(`Per tool call, response end → next request (${CALLS} calls, 500-file git repo, medians)\n`);
  console.log("| | median (ms) | max (ms) |");
  console.log("|---|---|---|");
  for (const [name, xs] of rows)
    console.log(`| ${name} | ${median(xs).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |`);
} finally {
  await server.close();
  await rm(root, { recursive: true, force: true });
}
