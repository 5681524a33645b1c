/**
 * End to end (issue #9, item 10): the UI asks once, on the terminal before it starts, whether to use the model
 * a project's `.tandem/config.toml` asks for. Declined: the project's server receives nothing and the user's
 * own model answers. Approved: the project's model answers, and the next start does not ask again.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type FakeModelServer, startFakeModel } from "../support/fake-model/index.ts";
import { registerE2E } from "./support/e2e.ts";
import { startTandemInTmux } from "./support/tmux.ts";

const e2e = registerE2E();
let project: FakeModelServer;
beforeAll(async () => {
  project = await startFakeModel();
});
afterAll(() => project.close());

async function withProjectModel(cwd: string): Promise<void> {
  await mkdir(join(cwd, ".tandem"));
  await writeFile(
    join(cwd, ".tandem", "config.toml"),
    [
      'model = "proj/fake-model"',
      "[providers.proj]",
      'protocol = "openai-chat"',
      `base_url = "${project.baseUrl("openai-chat")}"`,
    ].join("\n"),
  );
}

it("asks before using a project's own model; no sends nothing to it", { timeout: 60_000 }, async () => {
  const setup = await e2e.workspace();
  await withProjectModel(setup.ws.cwd);
  const before = project.requests.length;
  const ui = await startTandemInTmux({ args: [], cwd: setup.ws.cwd, env: setup.env });
  try {
    await ui.waitFor((s) => s.includes("[y/N]"), 20_000, "the question");
    await ui.type("n");
    await ui.keys(["Enter"]);
    await ui.waitFor((s) => s.includes("/help"), 20_000, "the composer");
    setup.server.enqueue({ kind: "reply", text: "Answered by your own model." });
    await ui.type("hello");
    await ui.keys(["Enter"]);
    await ui.waitFor((s) => s.includes("Answered by your own model."), 20_000, "the answer");
    expect(project.requests.length).toBe(before);
  } finally {
    await ui.kill();
  }
});

it("after yes the project's model answers, and the next start does not ask", {
  timeout: 60_000,
}, async () => {
  const setup = await e2e.workspace();
  await withProjectModel(setup.ws.cwd);
  const before = project.requests.length;
  const ui = await startTandemInTmux({ args: [], cwd: setup.ws.cwd, env: setup.env });
  try {
    const question = await ui.waitFor((s) => s.includes("[y/N]"), 20_000, "the question");
    expect(question.replace(/\n/g, "")).toContain("proj/fake-model");
    await ui.type("y");
    await ui.keys(["Enter"]);
    await ui.waitFor((s) => s.includes("/help"), 20_000, "the composer");
    project.enqueue({ kind: "reply", text: "Answered by the project's model." });
    await ui.type("hello");
    await ui.keys(["Enter"]);
    await ui.waitFor((s) => s.includes("Answered by the project's model."), 20_000, "the answer");
    expect(project.requests.length).toBe(before + 1);
  } finally {
    await ui.kill();
  }
  const again = await e2e.start(setup);
  expect(await again.ui.waitFor((s) => s.includes("/help"), 5_000, "the composer")).not.toContain("[y/N]");
});
