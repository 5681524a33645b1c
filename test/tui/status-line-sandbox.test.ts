/** The status line names the sandbox the next command runs in, and follows a mode switch that moves it. */
import { afterEach, describe, expect, it } from "vitest";
import { sandboxLabel } from "../../src/tui/status-line.ts";
import { createHarness, type Harness } from "./support/screen-harness.ts";

let h: Harness | undefined;
afterEach(() => h?.term.dispose());

const statusRow = (harness: Harness) => harness.term.lines().findLast((l) => l.includes("mode:")) ?? "";

describe("sandbox on the status line", () => {
  it("shortens the sandbox's description", () => {
    expect(sandboxLabel("bubblewrap: workspace-write in /w (+1 writable), network off, private /tmp")).toBe(
      "sandbox: workspace-write",
    );
    expect(sandboxLabel("bubblewrap: workspace-write in /w, network on, private /tmp")).toBe(
      "sandbox: workspace-write, network on",
    );
    expect(sandboxLabel("seatbelt (/usr/bin/sandbox-exec): read-only, network off, private /tmp")).toBe(
      "sandbox: read-only",
    );
    expect(sandboxLabel("no sandbox (full-access)")).toBe("no sandbox");
    expect(sandboxLabel(undefined)).toBeUndefined();
  });

  it("shows the session's sandbox, then the one a mode switch reports", async () => {
    h = createHarness({ cols: 120 });
    h.screen.load({
      ...h.screen.state.conversation,
      mode: "ask",
      sandbox: "bubblewrap: workspace-write in /project, network off, private /tmp",
    });
    await h.feed();
    h.screen.draw();
    await h.term.flush();
    expect(statusRow(h)).toContain("mode: ask · sandbox: workspace-write ·");
    await h.feed({ type: "mode_changed", mode: "full", sandbox: "no sandbox (full-access)" });
    expect(statusRow(h)).toContain("mode: full · no sandbox ·");
  });
});
