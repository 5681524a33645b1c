/**
 * A real git repository with a bare remote for the destructive-guard end-to-end tests: `main` committed and
 * pushed, `.gitignore` ignoring `*.log`.
 */
import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { baseEnv } from "./run-tandem.ts";

export function gitIn(cwd: string, args: string[]): string {
  return execFileSync("git", args, { cwd, env: baseEnv(), encoding: "utf8", stdio: "pipe" }).trim();
}

export interface GuardRepo {
  /** The bare remote. */
  remote: string;
}

export async function createGuardRepo(cwd: string, root: string): Promise<GuardRepo> {
  const remote = join(root, "remote.git");
  gitIn(root, ["init", "-q", "--bare", "-b", "main", remote]);
  gitIn(cwd, ["init", "-q", "-b", "main"]);
  await mkdir(join(cwd, "src"));
  await writeFile(join(cwd, "src", "app.ts"), "export const app = 1;\n");
  await writeFile(join(cwd, "src", "util.ts"), "export const util = 2;\n");
  await writeFile(join(cwd, "notes.txt"), "v1\n");
  await writeFile(join(cwd, ".gitignore"), "*.log\n");
  gitIn(cwd, ["add", "-A"]);
  gitIn(cwd, ["commit", "-q", "-m", "initial"]);
  gitIn(cwd, ["remote", "add", "origin", remote]);
  gitIn(cwd, ["push", "-q", "-u", "origin", "main"]);
  return { remote };
}
