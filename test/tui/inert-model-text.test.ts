/**
 * Text from the model, its tools, files and the user's own `!` commands never drives the terminal: escape
 * sequences (a window title, a screen clear, a C1 CSI) in an answer, a code span, a code block, reasoning,
 * tool arguments, live tool output, the plan, an error and `!` output are shown as text (`^[`), Ctrl+O
 * output without them, and the only escape sequences written are the UI's own. Through the real app and a real agent.
 */
import { afterEach, expect, it } from "vitest";
import { z } from "zod";
import { defineTool } from "../../src/core/tool.ts";
import { createTodoTool } from "../../src/tools/todo.ts";
import { type AppHarness, startApp } from "./support/app-harness.ts";

let h: AppHarness | undefined;
afterEach(() => h?.dispose());

const osc = (name: string) => `\x1b]0;${name}\x07`;

/** A tool whose live output and result carry escape sequences. */
const noisyTool = defineTool({
  name: "noisy",
  description: "Prints escapes.",
  kind: "read",
  parameters: z.object({ path: z.string() }),
  async execute(_args, ctx) {
    ctx.onOutput?.(`live ${osc("LIVE")}\n`, "stdout");
    await new Promise((r) => setTimeout(r, 300));
    return { content: `result ${osc("RESULT")} \x1b[2J done` };
  },
});

it("shows escape sequences from every outside source as text and never writes them", async () => {
  h = startApp(
    [
      {
        reasoning: `think ${osc("REASON")} more`,
        text: `hello ${osc("TEXT")} \x1b[2J \u009b2J \`code ${osc("SPAN")}\`\n\n\`\`\`\nfence ${osc("FENCE")}\n\`\`\`\n`,
        delayMs: 100,
      },
      {
        toolCalls: [
          { name: "noisy", arguments: { path: `p${osc("ARGS")}` } },
          { name: "todo", arguments: { items: [{ content: `plan ${osc("TODO")}`, status: "pending" }] } },
        ],
      },
      { error: { kind: "server", message: `boom ${osc("ERROR")}` } },
    ],
    { tools: [noisyTool, createTodoTool()] },
  );
  h.input("first message\r");
  await h.waitForText("fence ^[]0;FENCE^G");
  h.input("again\r");
  await h.waitForText("boom ^[]0;ERROR^G");
  h.input("\x0f");
  // Ctrl+O drops well-formed sequences (a coloured `ls` reads as plain text).
  await h.waitForText("│ result   done");
  h.input("!printf 'bang \\033]0;BANG\\007 \\302\\2332J\\n'\r");
  await h.waitForText("bang ^[]0;BANG^G ^[[2J");

  const written = h.term.written();
  for (const name of ["REASON", "TEXT", "SPAN", "FENCE", "ARGS", "LIVE", "TODO", "ERROR", "RESULT", "BANG"])
    expect(written, name).not.toContain(osc(name));
  expect(written).not.toContain("\x07");
  expect(written).not.toContain("\x1b[2J");
  expect(written).not.toContain("\u009b");
  expect(written).not.toContain("\x1b]");
  const lines = h.term.lines();
  // Nothing cleared the screen: the first message is still there, and the escapes show as text.
  expect(lines).toContain("› first message");
  const all = lines.join("\n");
  for (const shown of ["hello ^[]0;TEXT^G ^[[2J ^[[2J", "plan ^[]0;TODO^G", "noisy p^[]0;ARGS^G"])
    expect(all).toContain(shown);
  await h.exit();
});
