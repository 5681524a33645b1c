/**
 * `tandem exec [options] "PROMPT"`: runs one task to completion without asking anyone anything, rendering the
 * event stream for a person or as JSON lines. Text piped in is added to the prompt (piped-input.ts). SIGINT,
 * SIGTERM and SIGHUP end the turn cleanly (the session is saved and closed) and exit 128 + the signal's number
 * (130, 143, 129); a second signal exits at once. A reader that goes
 * away (`tandem exec … | head`) ends the turn the same way: nobody sees what it would do next, and the session
 * file keeps the turn so far for `--resume`. A finished turn in which the safety policy refused one of the
 * model's tool calls exits 3 (`EXIT_REFUSED`), not 0.
 */

import { createAgentSession } from "../app/agent-session.ts";
import { tandemHome } from "../app/config.ts";
import { buildRunSummary } from "../app/run-summary.ts";
import { UserError } from "../app/user-error.ts";
import { createConversation, reduceConversation } from "../conversation/reduce.ts";
import { followEvents } from "../core/follow-events.ts";
import { onStopSignals, type StopSignal, signalExitCode } from "../util/stop-signals.ts";
import type { CommandContext } from "./closed-output.ts";
import { parseCommandArgs, parsePositiveInt } from "./parse.ts";
import {
  pipedInputWarning,
  promptWithInput,
  readPipedInput,
  type StdinKind,
  stdinKind,
} from "./piped-input.ts";
import { createHumanRenderer, type Renderer } from "./render-human.ts";
import { createJsonRenderer } from "./render-json.ts";
import { sessionChoice, sessionFlags } from "./session-flags.ts";

/** The turn finished, but the safety policy refused at least one of the model's tool calls (README, docs/safety.md). */
export const EXIT_REFUSED = 3;

async function readStdin(): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of process.stdin) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

/**
 * The prompt: the argument, with text piped into tandem added to it; or, for "-" or no argument with stdin
 * piped, stdin itself. Returns what the user must be told about the piped input.
 */
async function readPrompt(
  positionals: string[],
  stdin: StdinKind,
): Promise<{ prompt: string; warning?: string }> {
  const piped = stdin !== "terminal";
  const [given] = positionals;
  // /dev/null holds nothing: `process.stdin` is not even created (piped-input.ts, `stdinKind`).
  if (given === "-" || (given === undefined && piped))
    return { prompt: stdin === "nothing" ? "" : await readStdin() };
  if (given === undefined || !piped || stdin === "nothing") return { prompt: given ?? "" };
  const input = await readPipedInput(process.stdin, stdin === "file" ? { firstByteMs: Infinity } : {});
  const warning = pipedInputWarning(input);
  return { prompt: promptWithInput(given, input), ...(warning ? { warning } : {}) };
}

/** `--max-steps N`, or the same under its old name `--max-turns`; both at once is a usage error. */
function stepLimit(steps: string | undefined, turns: string | undefined): number | undefined {
  if (steps !== undefined && turns !== undefined)
    throw new UserError("--max-turns is the old name of --max-steps: give only --max-steps");
  return turns === undefined
    ? parsePositiveInt("--max-steps", steps)
    : parsePositiveInt("--max-turns", turns);
}

export async function execCommand(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("exec", args, {
    ...sessionFlags,
    json: { type: "boolean" },
    diff: { type: "boolean" },
    resume: { type: "string" },
    "max-steps": { type: "string" },
    // The flag's old name, kept so scripts written against it keep working (docs/config.md).
    "max-turns": { type: "string" },
  });
  const stdin = stdinKind();
  if (positionals.length > 1 || (positionals.length === 0 && stdin === "terminal")) {
    throw new UserError(
      'exec takes one prompt: tandem exec "fix the failing test" (or "-" to read it from stdin)',
    );
  }
  const maxSteps = stepLimit(values["max-steps"], values["max-turns"]);
  const choice = await sessionChoice(values);
  const { prompt, warning: inputWarning } = await readPrompt(positionals, stdin);
  if (!prompt.trim()) throw new UserError("the prompt is empty");

  const renderer: Renderer = values.json
    ? createJsonRenderer(process.stdout)
    : createHumanRenderer({ stdout: process.stdout, stderr: process.stderr });

  const session = await createAgentSession({
    ...choice,
    env: process.env,
    resume: values.resume,
    maxSteps,
    interactive: false,
    // Rendered as the stream's own notices after session_started: every --json line is an enveloped event.
    warnings: inputWarning ? [inputWarning] : [],
    warningsAsEvents: true,
  });

  const { agent } = session;
  // SIGINT, SIGTERM and SIGHUP (the terminal closed) end the turn cleanly: the session is saved and closed, and
  // tandem exits 128 + the signal's number (130, 143, 129). A second signal exits at once.
  let stoppedBy: StopSignal | undefined;
  const stopListening = onStopSignals(["SIGINT", "SIGTERM", "SIGHUP"], (signal) => {
    // A closing terminal can deliver SIGHUP twice (the kernel to the foreground group, the shell to its jobs).
    if (stoppedBy && signal === "SIGHUP") return;
    if (stoppedBy) {
      renderer.flush();
      process.exit(signalExitCode(stoppedBy));
    }
    stoppedBy = signal;
    agent.submit({ type: "interrupt" });
  });
  const onOutputClosed = () => agent.submit({ type: "interrupt" });
  if (context.outputClosed.aborted) onOutputClosed();
  else context.outputClosed.addEventListener("abort", onOutputClosed, { once: true });

  // Steps journalled from here on are this run's: the summary lists what they changed.
  const since = Date.now();
  agent.submit({ type: "user_input", text: prompt });
  let status: "done" | "failed" | "interrupted" = "failed";
  // The run's totals (calls the policy refused) as every front end counts them.
  let conversation = createConversation();
  for await (const event of followEvents(agent)) {
    if (event.type === "session_finished") {
      const summary = await buildRunSummary({
        home: tandemHome(process.env),
        cwd: session.cwd,
        sessionId: event.session_id,
        since,
        patch: values.diff === true,
      });
      renderer.render({ ...event, summary });
      break;
    }
    renderer.render(event);
    conversation = reduceConversation(conversation, event);
    if (event.type === "turn_finished") {
      status = event.status;
      agent.submit({ type: "shutdown" });
    }
  }
  renderer.flush();
  stopListening();
  context.outputClosed.removeEventListener("abort", onOutputClosed);
  // Hung up with the output on the closed terminal: the write that failed would have main report a reader that
  // went away (141); the session is saved and closed, and the hang-up is what happened.
  if (stoppedBy === "SIGHUP" && context.outputClosed.aborted) process.exit(signalExitCode(stoppedBy));
  if (stoppedBy) return signalExitCode(stoppedBy);
  if (status === "interrupted") return 130;
  if (status !== "done") return 1;
  return conversation.refused > 0 ? EXIT_REFUSED : 0;
}
