/**
 * One task, start to finish: `node examples/one-shot.ts "add a .gitignore for node"` in the folder to work in.
 * The model comes from your tandem config (TANDEM_HOME/config.toml) or TANDEM_MODEL (`provider/model`).
 */
import { createSession, TandemError } from "tandem-agent";

const prompt = process.argv[2] ?? "Create hello.txt containing the word hello.";
const session = await createSession({ cwd: process.cwd(), model: process.env.TANDEM_MODEL });
try {
  const result = await session.run(prompt);
  console.log(result.text);
  if (result.refused > 0) console.log(`(${result.refused} tool call(s) refused by the safety policy)`);
} catch (error) {
  // A failed turn: a stable code to branch on (`auth`, `provider`, `max_steps`…), and a message for people.
  if (!(error instanceof TandemError)) throw error;
  console.error(`failed (${error.code}): ${error.message}`);
  process.exitCode = 1;
} finally {
  await session.close();
}
