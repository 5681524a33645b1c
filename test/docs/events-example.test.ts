/**
 * The example in docs/events.md is what `tandem exec --json` prints: the real binary runs the example's turn
 * against the fake model server, and every line must match the documented one in type, fields, ids and order.
 * In the document, a value of "…" stands for anything (times, sizes, paths), an object written as {"…":"…"} for
 * any object, and `session_id` / `call_id` values match when the same documented id always stands for the same
 * emitted one; everything else (types, order, seq, turn and message ids, fields present) is compared as written.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerCliE2E } from "../support/cli-e2e.ts";
import { parseEvents, runTandem } from "../support/run-tandem.ts";

const cli = registerCliE2E();
const ANY = "…";

/** The JSON lines of the fenced block under "## Example" in docs/events.md. */
function documentedExample(): Record<string, unknown>[] {
  const doc = readFileSync(join(import.meta.dirname, "../../docs/events.md"), "utf8");
  const section = doc.slice(doc.indexOf("\n## Example"));
  const block = /```json\n([\s\S]*?)\n```/.exec(section)?.[1] ?? "";
  return block.split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Ids that differ per run (a new session id, the vendor's call id): compared up to a consistent renaming. */
const RENAMED = new Set(["session_id", "call_id"]);

/**
 * The emitted value with the document's wildcards applied (and renamed ids mapped back to the documented ones
 * when the renaming is consistent), so `toEqual` shows a readable difference.
 */
function shaped(doc: unknown, real: unknown, names: Map<string, string>, key = ""): unknown {
  if (doc === ANY) return ANY;
  if (RENAMED.has(key) && typeof doc === "string" && typeof real === "string") {
    const known = names.get(real);
    if (known === undefined && ![...names.values()].includes(doc)) names.set(real, doc);
    return names.get(real) ?? real;
  }
  if (doc && typeof doc === "object" && !Array.isArray(doc)) {
    const d = doc as Record<string, unknown>;
    if (Object.keys(d).length === 1 && d[ANY] === ANY && real && typeof real === "object") return d;
    if (!real || typeof real !== "object" || Array.isArray(real)) return real;
    const r = real as Record<string, unknown>;
    return Object.fromEntries(Object.keys(r).map((k) => [k, shaped(d[k], r[k], names, k)]));
  }
  return real;
}

describe("docs/events.md's example", () => {
  it("is what tandem exec --json prints for that turn", async () => {
    const ws = await cli.workspace();
    cli.server.enqueue(
      { kind: "reply", toolCalls: [{ name: "ls", arguments: { path: "." } }] },
      { kind: "reply", chunks: ["There are ", "three files."] },
    );
    const r = await runTandem(["exec", "--json", "list the files"], {
      cwd: ws.cwd,
      env: ws.env,
      timeoutMs: 30_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const documented = documentedExample();
    const names = new Map<string, string>();
    const emitted = parseEvents(r.stdout).map((event, i) => shaped(documented[i], event, names));
    expect(emitted).toEqual(documented);
  });
});
