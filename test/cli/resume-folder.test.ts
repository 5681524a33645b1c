/**
 * A session resumes only in its own folder: `--resume last` is the newest session of this folder (it once took
 * another project's newer session and wrote into that project), and an id from another folder is refused, with
 * the folder named, unless `--cwd` says to work there.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { parseEvents, runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();

const writeCall = (path: string, content: string) => ({
  kind: "reply" as const,
  toolCalls: [{ name: "write", arguments: { path, content } }],
});

/** Folder A and folder B under one TANDEM_HOME; B's session is older than A's. */
async function twoFolders() {
  const ws = await cli.workspace();
  const a = ws.cwd;
  const b = join(ws.root, "other-project");
  await mkdir(b);
  await writeFile(join(a, "a.txt"), "A's file\n");
  cli.server.enqueue({ kind: "reply", text: "B noted." });
  const inB = await runTandem(["exec", "--json", "work in B"], { cwd: b, env: ws.env });
  expect(inB.code, inB.stderr).toBe(0);
  cli.server.enqueue({ kind: "reply", text: "A noted." });
  const inA = await runTandem(["exec", "--json", "work in A"], { cwd: a, env: ws.env });
  expect(inA.code, inA.stderr).toBe(0);
  const idOf = (stdout: string) => String(parseEvents(stdout)[0]?.session_id);
  return { ws, a, b, idA: idOf(inA.stdout), idB: idOf(inB.stdout) };
}

describe("resuming is bound to the session's folder", () => {
  it("--resume last in folder B resumes B's session, not folder A's newer one, and writes in B only", async () => {
    const { ws, a, b, idB } = await twoFolders();
    cli.server.enqueue(writeCall("a.txt", "overwritten\n"), { kind: "reply", text: "Written." });
    const r = await runTandem(["exec", "--json", "--resume", "last", "write a.txt"], {
      cwd: b,
      env: ws.env,
      timeoutMs: 30_000,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(parseEvents(r.stdout)[0]).toMatchObject({ session_id: idB, resumed: true, cwd: b });
    expect(await readFile(join(b, "a.txt"), "utf8")).toBe("overwritten\n");
    expect(await readFile(join(a, "a.txt"), "utf8")).toBe("A's file\n");
    expect(await readdir(a)).toEqual(["a.txt"]);
  });

  it("--resume last in a folder without sessions is refused, though other folders have some", async () => {
    const { ws, a } = await twoFolders();
    const c = join(ws.root, "third");
    await mkdir(c);
    const before = cli.server.requests.length;
    const r = await runTandem(["exec", "--resume", "last", "write a.txt"], { cwd: c, env: ws.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no saved session of ${c} to resume`);
    expect(r.stderr).not.toContain("at ");
    expect(cli.server.requests.length).toBe(before);
    expect(await readFile(join(a, "a.txt"), "utf8")).toBe("A's file\n");
  });

  it("an id from another folder is refused naming the folder; with --cwd that folder it resumes there", async () => {
    const { ws, a, b, idA } = await twoFolders();
    const before = cli.server.requests.length;
    const refused = await runTandem(["exec", "--resume", idA, "write a.txt"], { cwd: b, env: ws.env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`session ${idA} belongs to ${a}; run from there or pass --cwd ${a}`);
    expect(cli.server.requests.length).toBe(before);

    cli.server.enqueue(writeCall("note.txt", "on purpose\n"), { kind: "reply", text: "Written." });
    const r = await runTandem(["exec", "--json", "--cwd", a, "--resume", idA, "write note.txt"], {
      cwd: b,
      env: ws.env,
      timeoutMs: 30_000,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(parseEvents(r.stdout)[0]).toMatchObject({ session_id: idA, resumed: true, cwd: a });
    expect(await readFile(join(a, "note.txt"), "utf8")).toBe("on purpose\n");
    expect(await readdir(b)).toEqual([]);
    // Run from B for A's folder, the resume command it prints names the folder, so it works from B as printed.
    expect(parseEvents(r.stdout).at(-1)?.summary).toMatchObject({
      resume: { exec: `tandem exec --cwd ${a} --resume ${idA} "…"` },
    });
  });
});
