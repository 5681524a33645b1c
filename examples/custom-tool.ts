/**
 * A tool of your own next to the built-in ones: the model can call `count_lines`, and its result goes back to
 * the model like any other tool's. `node examples/custom-tool.ts` in the folder to work in.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { createSession, defineTool, z } from "tandem-agent";

const countLines = defineTool({
  name: "count_lines",
  description: "Count the lines of a text file.",
  parameters: z.object({ path: z.string().describe("file path, relative to the workspace") }),
  // It only reads (a `read` tool is read-only): calls may run in parallel and need no approval or checkpoint.
  kind: "read",
  async execute({ path }, context) {
    const text = await readFile(resolve(context.cwd, path), "utf8");
    const lines = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
    console.log(`count_lines ran on ${path}: ${lines}`);
    return { content: `${path} has ${lines} lines`, details: { lines } };
  },
});

const prompt = process.argv[2] ?? "How many lines does README.md have?";
const session = await createSession({
  cwd: process.cwd(),
  model: process.env.TANDEM_MODEL,
  tools: [countLines],
});
try {
  console.log((await session.run(prompt)).text);
} finally {
  await session.close();
}
