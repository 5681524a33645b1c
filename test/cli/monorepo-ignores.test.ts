/**
 * Regression (issue #10): with a monorepo package as the workspace, the empty `.git/` placeholder the first
 * shell call left made grep and find treat the package as a repository root, so they returned the package's
 * `.env` (with a key) and `node_modules` to the model, and the first checkpoint copied both into the store. The
 * repository root's `.gitignore` must hold in the package, after shell calls too.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkpointStoreDir } from "../../src/safety/checkpoints/index.ts";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { gitIn } from "../support/guard-repo.ts";
import { parseEvents, runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();

const call = (name: string, args: Record<string, unknown>) => ({
  kind: "reply" as const,
  toolCalls: [{ name, arguments: args }],
});

const SECRET = "sk-live-0123456789abcdef";

describe("a monorepo package as the workspace", () => {
  it("grep and find honour the repository root's .gitignore after shell calls; checkpoints do too", async () => {
    const ws = await cli.workspace();
    gitIn(ws.cwd, ["init", "-q", "-b", "main"]);
    writeFileSync(join(ws.cwd, ".gitignore"), ".env\nnode_modules\n/packages/app/dist\n");
    gitIn(ws.cwd, ["add", ".gitignore"]);
    gitIn(ws.cwd, ["commit", "-qm", "root"]);
    const pkg = join(ws.cwd, "packages", "app");
    mkdirSync(join(pkg, "node_modules", "lib"), { recursive: true });
    mkdirSync(join(pkg, "dist"), { recursive: true });
    mkdirSync(join(pkg, "src"), { recursive: true });
    writeFileSync(join(pkg, ".env"), `API_KEY=${SECRET}\n`);
    writeFileSync(join(pkg, "node_modules", "lib", "index.js"), `const key = "${SECRET}"; // needle\n`);
    writeFileSync(join(pkg, "dist", "out.js"), "needle in build output\n");
    writeFileSync(join(pkg, "src", "app.js"), "export const needle = 1;\n");
    const before = readdirSync(pkg).sort();

    cli.server.enqueue(
      call("shell", { command: "echo built > built.txt" }), // a changing step: checkpointed, placeholders made
      call("grep", { pattern: "needle|sk-live" }),
      call("find", { pattern: "**/*" }),
      call("shell", { command: "true" }),
      call("grep", { pattern: "API_KEY|sk-live" }),
      { kind: "reply", text: "done" },
    );
    const r = await runTandem(["exec", "--json", "--cwd", pkg, "look"], {
      cwd: pkg,
      env: ws.env,
      timeoutMs: 60_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const finished = parseEvents(r.stdout).filter((e) => e.type === "tool_call_finished");
    expect(finished.map((f) => f.status)).toEqual(["ok", "ok", "ok", "ok", "ok"]);

    const toModel = JSON.stringify(cli.server.requests.at(-1));
    expect(toModel).toContain("src/app.js");
    expect(toModel).toContain("built.txt");
    expect(toModel).not.toContain(SECRET);
    expect(toModel).not.toContain("node_modules");
    expect(toModel).not.toContain(".env");
    expect(toModel).not.toContain("dist/out.js");

    // The package is left as it was (plus the command's file): no empty .git/ or .tandem/.
    expect(readdirSync(pkg).sort()).toEqual([...before, "built.txt"].sort());

    // Every object in the checkpoint store: no secret, no node_modules, no build output.
    const store = join(checkpointStoreDir(ws.home, pkg), "git");
    const objects = execFileSync("git", ["--git-dir", store, "cat-file", "--batch-all-objects", "--batch"], {
      encoding: "latin1",
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(objects).toContain("export const needle");
    expect(objects).not.toContain(SECRET);
    expect(objects).not.toContain("node_modules");
    expect(objects).not.toContain("needle in build output");
  });
});
