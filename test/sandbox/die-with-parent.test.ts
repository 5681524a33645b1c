import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createSandbox } from "../../src/sandbox/index.ts";
import { makeTempDirs } from "./helpers.ts";

/** All descendants of `pid`, from /proc/<pid>/task/<tid>/children. */
function descendants(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tasks) {
    let children = "";
    try {
      children = readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8");
    } catch {
      continue;
    }
    for (const child of children.split(/\s+/).filter(Boolean).map(Number)) {
      out.push(child, ...descendants(child));
    }
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    // A zombie still answers kill(0); count it as dead.
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the sandboxed process dies with its parent", () => {
  const dirs = makeTempDirs();
  const started: number[] = [];
  afterEach(() => {
    for (const pid of started.splice(0)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    dirs.cleanup();
  });

  it("kills bubblewrap and the command when the spawning process is SIGKILLed", async () => {
    const ws = dirs.make("ws");
    const wrapped = createSandbox({ workspace: ws, home: ws }).wrap(["sleep", "300"], ws);
    // bash stands in for tandem: it starts the sandbox, reports bubblewrap's pid, then is killed outright.
    const parent = spawn("bash", ["-c", '"$@" & echo $!; wait', "bash", ...wrapped], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const bwrapPid = await new Promise<number>((resolve) => {
      parent.stdout.once("data", (chunk: Buffer) => resolve(Number.parseInt(chunk.toString(), 10)));
    });
    let tree: number[] = [];
    for (let i = 0; i < 100; i++) {
      tree = [bwrapPid, ...descendants(bwrapPid)];
      if (tree.some((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").startsWith("sleep\0"))) break;
      await sleep(20);
    }
    started.push(...tree);
    expect(tree.length).toBeGreaterThanOrEqual(2);
    expect(tree.every(alive)).toBe(true);

    parent.kill("SIGKILL");
    for (let i = 0; i < 100 && tree.some(alive); i++) await sleep(20);
    expect(tree.filter(alive)).toEqual([]);
  });
});
