/**
 * End to end: the real `tandem` in tmux asks the terminal for its background. tmux 3.3a answers OSC 11
 * itself when it knows the pane's background (here `window-style bg=white`, reported as rgb:c0c0/c0c0/c0c0),
 * so the UI picks the light palette; without a known background tmux answers only DA1 and the UI stays dark.
 * Either way no reply shows up in the composer, and /status names the palette.
 */
import { expect, it } from "vitest";
import { registerE2E } from "./support/e2e.ts";
import { startTandemInTmux, type TmuxTandem } from "./support/tmux.ts";

const e2e = registerE2E();

async function answerWithCode(tmuxOptions: [string, string][]): Promise<{ styled: string; screen: string }> {
  const setup = await e2e.workspace();
  // The test environment sets NO_COLOR; colours are the point here.
  setup.env.NO_COLOR = undefined;
  setup.server.enqueue({ kind: "reply", text: "Run `npm test` now.", usage: { input: 100, output: 10 } });
  let ui: TmuxTandem | undefined;
  try {
    ui = await startTandemInTmux({ args: [], cwd: setup.ws.cwd, env: setup.env, tmuxOptions });
    await ui.waitFor((s) => s.includes("/help"), 20_000, "the composer");
    await ui.type("say hi");
    await ui.keys(["Enter"]);
    await ui.waitFor((s) => s.includes("Run npm test now."), 20_000, "the answer");
    const styled = await ui.captureStyled();
    await ui.type("/status");
    await ui.keys(["Enter"]);
    const screen = await ui.waitFor((s) => s.includes("colours for a"), 20_000, "/status");
    return { styled, screen };
  } finally {
    await ui?.kill();
  }
}

it("uses the light palette when the terminal reports a light background", { timeout: 60_000 }, async () => {
  const { styled, screen } = await answerWithCode([["window-style", "bg=white"]]);
  expect(styled).toContain("\x1b[38;5;30mnpm test");
  expect(styled).not.toContain("\x1b[36mnpm test");
  expect(screen).toContain("colours for a light background");
  expect(screen).toContain("› say hi");
  expect(screen).not.toMatch(/rgb:|11;|\[\?/);
});

it("stays dark when the terminal does not say", { timeout: 60_000 }, async () => {
  const { styled, screen } = await answerWithCode([]);
  expect(styled).toContain("\x1b[36mnpm test");
  expect(screen).toContain("colours for a dark background");
  expect(screen).toContain("› say hi");
  expect(screen).not.toMatch(/rgb:|11;|\[\?/);
});
