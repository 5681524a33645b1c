/**
 * Streams what the agent does while it works: text as it arrives, each tool call and how it ended.
 * `node examples/streaming.ts "explain this repository"` in the folder to work in.
 */
import { createSession } from "tandem-agent";

const prompt = process.argv[2] ?? "Summarize this repository in three lines.";
const session = await createSession({ cwd: process.cwd(), model: process.env.TANDEM_MODEL });
const events = session.subscribe();
const printing = (async () => {
  for await (const event of events) {
    if (event.type === "message_delta") process.stdout.write(event.delta);
    else if (event.type === "message_done") process.stdout.write("\n");
    else if (event.type === "tool_call_started")
      console.log(`→ ${event.tool} ${JSON.stringify(event.arguments)}`);
    else if (event.type === "tool_call_finished") console.log(`← ${event.tool}: ${event.status}`);
  }
})();
try {
  await session.run(prompt);
} finally {
  await session.close();
  await printing;
}
