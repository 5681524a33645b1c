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

  it("SIGTERM to bubblewrap's process group (how a tool interrupts) ends every process in the sandbox", async () => {
    const ws = dirs.make("ws");
    // A background grandchild too: the whole PID namespace must go, not just the direct child.
    const wrapped = createSandbox({ workspace: ws, home: ws }).wrap(
      ["bash", "-c", "sleep 301 & sleep 302"],
      ws,
    );
    const child = spawn(wrapped[0] as string, wrapped.slice(1), { detached: true, stdio: "ignore" });
    const pid = child.pid as number;
    let tree: number[] = [];
    for (let i = 0; i < 100; i++) {
      tree = [pid, ...descendants(pid)];
      const sleeps = tree.filter((p) => {
        try {
          return readFileSync(`/proc/${p}/cmdline`, "utf8").startsWith("sleep\0");
        } catch {
          return false;
        }
      });
      if (sleeps.length === 2) break;
      await sleep(20);
    }
    started.push(...tree);
    expect(tree.length).toBeGreaterThanOrEqual(4);
    const exited = new Promise((resolve) => child.on("exit", resolve));
    process.kill(-pid, "SIGTERM");
    await exited;
    for (let i = 0; i < 100 && tree.some(alive); i++) await sleep(20);
    expect(tree.filter(alive)).toEqual([]);
  });
});
