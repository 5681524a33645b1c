/**
 * Steering: a message sent while the agent works joins its next model request, without stopping the turn.
 * Here the message is sent as soon as the first tool call starts. `node examples/steering.ts` in the folder to
 * work in.
 */
import { createSession } from "tandem-agent";

const prompt = process.argv[2] ?? "Run the tests and fix what fails.";
const steer = process.argv[3] ?? "Also keep the public API unchanged.";
const session = await createSession({ cwd: process.cwd(), model: process.env.TANDEM_MODEL });
const events = session.subscribe();
const steering = (async () => {
  for await (const event of events) {
    if (event.type === "tool_call_started") {
      session.steer(steer);
      console.log(`steered during ${event.tool}: ${steer}`);
      break; // once; breaking out closes this subscription
    }
  }
})();
try {
  console.log((await session.run(prompt)).text);
} finally {
  await session.close();
  await steering;
}
