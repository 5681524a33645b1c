/**
 * Regression (issue #10, "`tandem exec` in auto refuses ordinary work"): commands no rule knows (a project's
 * own scripts and binaries, test runners, `exit N`, PATH and library-path prefixes) were refused in auto mode as
 * "unknown". In the sandbox with network off they run, each after a checkpoint; `tandem undo` reverses one.
 * `uv` and `poetry` are not installed here: stand-ins on PATH that run their arguments, as `uv run` does, so the
 * analysis sees the real command line and the real pytest runs.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ToolCallFinishedEvent } from "../../src/protocol/events.ts";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { createGuardRepo } from "../support/guard-repo.ts";
import { parseEvents, runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();

const shell = (command: string) => ({
  kind: "reply" as const,
  toolCalls: [{ name: "shell", arguments: { command } }],
});

const has = (program: string) => {
  try {
    execFileSync("sh", ["-c", `command -v ${program}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

/** Writes `name`, marking it executable when `exec`. */
async function put(dir: string, name: string, text: string, exec = false) {
  await mkdir(join(dir, name, ".."), { recursive: true });
  await writeFile(join(dir, name), text);
  if (exec) chmodSync(join(dir, name), 0o755);
}

const writes = (file: string) => `require("fs").writeFileSync(${JSON.stringify(file)}, "ran");\n`;

/** Each command with the file it leaves in the workspace. */
const COMMANDS: { command: string; leaves: string; needs?: string }[] = [
  { command: "python3 run_tests.py", leaves: "py.txt" },
  { command: "python manage.py test", leaves: "manage-test.txt" },
  { command: "uv run pytest -q -p no:cacheprovider", leaves: "pytest-ran.txt", needs: "pytest" },
  {
    command: "poetry run pytest -q -p no:cacheprovider -k again",
    leaves: "pytest-again.txt",
    needs: "pytest",
  },
  { command: "./run_tests.sh", leaves: "sh.txt" },
  { command: "sh scripts/test.sh", leaves: "scripts.txt" },
  { command: "node script.js", leaves: "node.txt" },
  { command: "gcc x.c -o main && ./main", leaves: "c.txt", needs: "gcc" },
  { command: "java -jar x.jar", leaves: "java.txt", needs: "javac" },
  { command: "PATH=./bin:$PATH cmd", leaves: "cmd.txt" },
  { command: "LD_LIBRARY_PATH=./lib npm test", leaves: "npm.txt" },
];

async function project(cwd: string, tools: string) {
  await put(cwd, "run_tests.py", 'open("py.txt", "w").write("ran")\n');
  await put(cwd, "manage.py", 'import sys\nopen("manage-" + sys.argv[1] + ".txt", "w").write("ran")\n');
  await put(
    cwd,
    "test_project.py",
    'def test_ok():\n    open("pytest-ran.txt", "w").write("ran")\n\n' +
      'def test_again():\n    open("pytest-again.txt", "w").write("ran")\n',
  );
  await put(cwd, "run_tests.sh", "#!/bin/sh\nprintf ran > sh.txt\n", true);
  await put(cwd, "scripts/test.sh", "printf ran > scripts.txt\n");
  await put(cwd, "script.js", writes("node.txt"));
  await put(
    cwd,
    "x.c",
    '#include <stdio.h>\nint main(void){FILE*f=fopen("c.txt","w");fputs("ran",f);return 0;}\n',
  );
  await put(cwd, "bin/cmd", "#!/bin/sh\nprintf ran > cmd.txt\n", true);
  await put(cwd, "write-npm.js", writes("npm.txt"));
  await put(
    cwd,
    "package.json",
    JSON.stringify({ name: "p", version: "1.0.0", scripts: { test: "node write-npm.js" } }),
  );
  await put(cwd, "a.txt", "contents of a\n");
  if (has("javac")) {
    const src = join(tools, "java");
    await put(
      src,
      "Main.java",
      'public class Main { public static void main(String[] a) throws Exception { java.nio.file.Files.writeString(java.nio.file.Path.of("java.txt"), "ran"); } }\n',
    );
    execFileSync("javac", ["-d", src, join(src, "Main.java")]);
    execFileSync("jar", [
      "--create",
      "--file",
      join(cwd, "x.jar"),
      "--main-class",
      "Main",
      "-C",
      src,
      "Main.class",
    ]);
  }
  // Stand-ins for uv and poetry: `X run CMD…` runs CMD, as the real tools do inside their environment. In the
  // workspace, since the sandbox gives commands a /tmp of their own.
  for (const name of ["uv", "poetry"])
    await put(cwd, `.stand-ins/${name}`, '#!/bin/sh\n[ "$1" = run ] && shift\nexec "$@"\n', true);
}

describe("auto mode runs a project's own commands, sandboxed and checkpointed", () => {
  it("scripts, binaries, test runners, exit codes and PATH prefixes run; each step is undoable", async () => {
    const ws = await cli.workspace();
    await createGuardRepo(ws.cwd, ws.root);
    const tools = join(ws.root, "tools");
    await project(ws.cwd, tools);
    const env = { ...ws.env, PATH: `${join(ws.cwd, ".stand-ins")}:${ws.env.PATH}` };
    const runnable = COMMANDS.filter((c) => c.needs === undefined || has(c.needs));
    cli.server.enqueue(...runnable.map((c) => shell(c.command)), shell("cat a.txt; exit 3"), {
      kind: "reply",
      text: "done",
    });
    const r = await runTandem(["exec", "--json", "run the tests"], { cwd: ws.cwd, env, timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    const events = parseEvents(r.stdout);
    const finished = events.filter((e) => e.type === "tool_call_finished");
    expect(finished).toHaveLength(runnable.length + 1);
    for (const [i, c] of runnable.entries()) {
      expect(finished[i]?.status, `${c.command}: ${JSON.stringify(finished[i])}`).toBe("ok");
      expect(await readFile(join(ws.cwd, c.leaves), "utf8"), c.command).toBe("ran");
    }
    // The model's own exit code is its result, not a refusal.
    const last = finished.at(-1) as unknown as ToolCallFinishedEvent;
    expect(last.status).toBe("error");
    expect(last.content).toContain("contents of a");
    expect(last.content).toContain("[exit code 3]");
    expect(last.refusal).toBeUndefined();
    expect(events.find((e) => e.type === "turn_finished")).not.toHaveProperty("refused");

    // Each ran after a checkpoint: undo reverses the newest changing step alone.
    const list = await runTandem(["checkpoints"], { cwd: ws.cwd, env });
    expect(list.stdout).toContain("shell: python3 run_tests.py");
    expect(list.stdout).toContain("shell: LD_LIBRARY_PATH=./lib npm test");
    const u = await runTandem(["undo"], { cwd: ws.cwd, env });
    expect(u.code, u.stderr).toBe(0);
    expect(existsSync(join(ws.cwd, "npm.txt"))).toBe(false);
    expect(existsSync(join(ws.cwd, "py.txt"))).toBe(true);
  }, 180_000);
});
