/**
 * The UI's start-up path stays lean (bench/tui-start.ts): marked loads after the first frame and the
 * workspace history at the first /undo, /checkpoints or /diff; frames that show an answer wait for marked.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, expect, it } from "vitest";
import { markdownReady } from "../../src/tui/markdown.ts";
import { createHarness, type Harness } from "./support/screen-harness.ts";

const run = promisify(execFile);
const uiEntry = fileURLToPath(new URL("../../src/tui/run.ts", import.meta.url));

// Lists every module a fresh Node loads while importing the UI's entry, as the CLI does when the UI opens.
const listLoads = `
import { registerHooks } from "node:module";
const urls = [];
registerHooks({ load(url, context, next) { urls.push(url); return next(url, context); } });
await import(process.argv[1]);
process.stdout.write(JSON.stringify(urls));
`;

it("opening the UI loads neither marked, the highlighter nor the workspace history", {
  timeout: 30_000,
}, async () => {
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", listLoads, uiEntry]);
  const urls = JSON.parse(stdout) as string[];
  // The check means something only if the UI itself was loaded.
  expect(urls.some((u) => u.endsWith("/src/tui/app.ts"))).toBe(true);
  expect(urls.some((u) => u.endsWith("/src/tui/screen.ts"))).toBe(true);
  expect(urls.filter((u) => /\/node_modules\/(marked|cli-highlight|highlight\.js)\//.test(u))).toEqual([]);
  expect(urls.filter((u) => u.includes("/src/app/workspace-history.ts"))).toEqual([]);
});

let h: Harness | undefined;
afterEach(() => {
  h?.screen.close();
  h = undefined;
});

it("a frame with an answer waits for marked, then shows the answer's Markdown rendered", async () => {
  h = createHarness();
  expect(markdownReady()).toBe(false);
  h.screen.push({ kind: "assistant", text: "# Plan\n\nThis is **important**." });
  h.screen.draw();
  // Held: a finished answer is written to the scrollback once, so never before it can be rendered.
  expect(h.screen.state.pending).toHaveLength(1);
  expect(h.screen.frames).toBe(0);
  await h.screen.idle();
  await h.term.flush();
  expect(markdownReady()).toBe(true);
  expect(h.text()).toContain("This is important.");
  expect(h.text()).not.toContain("**");
  expect(h.text()).not.toContain("# Plan");
});
