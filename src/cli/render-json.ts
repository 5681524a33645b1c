/** `--json`: every event as one JSON line on stdout, deltas only (docs/events.md). */
import type { AgentEventBody } from "../protocol/events.ts";
import { createOutputBuffer } from "./output-buffer.ts";
import type { Renderer } from "./render-human.ts";

export function createJsonRenderer(stdout: NodeJS.WriteStream): Renderer {
  const out = createOutputBuffer(stdout);
  return {
    render: (event: AgentEventBody) => out.write(`${JSON.stringify(event)}\n`),
    flush: () => out.flush(),
  };
}
