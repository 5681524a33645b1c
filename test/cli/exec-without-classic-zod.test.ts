/**
 * tandem's own schemas are zod/mini (src/util/zod.ts): a `tandem exec` that parses a config file and a rules
 * file, answers a call with bad arguments and runs a good one never loads classic zod (`import { z } from "zod"`),
 * whose module alone cost every start ~14 ms. Without classic, zod has no locale unless tandem sets one: the
 * answer to the bad call must still read in English, as it did with classic. And no module of src/ but the library
 * entry (which exports classic `z` for users' tools) imports classic, so no other command loads it either.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();

/** At exit, whether any module of classic zod was resolved (every import, relative ones too, passes here). */
const REPORT_CLASSIC_ZOD = `data:text/javascript,${encodeURIComponent(`
import { registerHooks } from "node:module";
import { writeSync } from "node:fs";
let classic = false;
registerHooks({
  resolve(specifier, context, next) {
    const resolved = next(specifier, context);
    if (resolved.url.includes("/node_modules/zod/v4/classic/")) classic = true;
    return resolved;
  },
});
process.on("exit", () => writeSync(2, "classic zod loaded: " + classic + "\\n"));
`)}`;

describe("tandem exec's schemas", () => {
  it("validate the config, the rules and a call's arguments with zod/mini, in English, never loading classic zod", async () => {
    const ws = await cli.workspace();
    writeFileSync(
      join(ws.home, "rules.toml"),
      '[[rules]]\ntool = "shell"\ncommand = "echo *"\naction = "allow"\nexamples = ["echo hi"]\n',
    );
    cli.server.enqueue(
      { kind: "reply", toolCalls: [{ name: "read", arguments: { path: 42 } }] },
      { kind: "reply", toolCalls: [{ name: "shell", arguments: { command: "echo hi" } }] },
      { kind: "reply", text: "all done" },
    );
    const r = await runTandem(["exec", "go"], {
      cwd: ws.cwd,
      env: ws.env,
      nodeArgs: ["--import", REPORT_CLASSIC_ZOD],
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("all done");
    expect(r.stderr).toContain("classic zod loaded: false");
    const answered = JSON.stringify(cli.server.requests[1]?.body);
    expect(answered).toContain("invalid arguments for read:");
    expect(answered).toContain("- path: Invalid input: expected string, received number");
  }, 60_000);
});

it("no module in src/ but the library entry imports classic zod", () => {
  const src = fileURLToPath(new URL("../../src", import.meta.url));
  // A statement at the start of a line, so a doc comment naming the import does not count.
  const classicImport = /^(?:import|export)\b[^;]*\bfrom\s+"zod";|\bimport\(\s*"zod"\s*\)/m;
  const importers = readdirSync(src, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && classicImport.test(readFileSync(join(src, f), "utf8")))
    .sort();
  expect(importers).toEqual(["index.ts"]);
});
