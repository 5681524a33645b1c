/**
 * Approvals from code: in `ask` mode every change waits for an answer; here a function gives it. File edits
 * (whose diff the request carries) are approved, shell commands that change things are denied with a note the
 * model reads. `node examples/approvals.ts "tidy up the README"` in the folder to work in.
 */
import { createSession } from "tandem-agent";

const prompt = process.argv[2] ?? "Tidy up the README.";
const session = await createSession({
  cwd: process.cwd(),
  model: process.env.TANDEM_MODEL,
  mode: "ask",
  onApproval(request) {
    if (request.diff !== undefined) {
      console.log(`approved ${request.tool}: ${request.summary}`);
      return { decision: "approve" };
    }
    console.log(`denied ${request.tool}: ${request.summary}`);
    return {
      decision: "deny",
      note: "Commands are not allowed here; change files with the file tools only.",
    };
  },
});
try {
  console.log((await session.run(prompt)).text);
} finally {
  await session.close();
}
