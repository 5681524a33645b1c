/**
 * End to end: in the real `tandem` in tmux, `@` opens the file popup (ripgrep over the workspace, the
 * .gitignore honoured), Tab completes the path and the model receives it as typed; a long bracketed paste
 * shows as a placeholder and reaches the model in full.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { bodyText, registerE2E } from "./support/e2e.ts";

const e2e = registerE2E();

it("completes an @ mention and sends a long paste in full", { timeout: 90_000 }, async () => {
  const setup = await e2e.workspace();
  await mkdir(join(setup.ws.cwd, "src/widgets"), { recursive: true });
  await mkdir(join(setup.ws.cwd, "build"), { recursive: true });
  await writeFile(join(setup.ws.cwd, "src/widgets/composer.ts"), "export {};\n");
  await writeFile(join(setup.ws.cwd, "build/composer.js"), "\n");
  await writeFile(join(setup.ws.cwd, ".gitignore"), "build/\n");
  setup.server.enqueue({ kind: "reply", text: "Mention received." });
  setup.server.enqueue({ kind: "reply", text: "Paste received." });
  const e = await e2e.start(setup);
  const first = e.server.requests.length;

  await e.ui.type("explain @wcompo");
  const popup = await e.ui.waitFor((s) => s.includes("@src/widgets/composer.ts"), 20_000, "the popup");
  expect(popup).not.toContain("build/composer.js");
  await e.ui.keys(["Tab"]);
  await e.ui.waitFor(
    (s) => s.includes("› explain @src/widgets/composer.ts"),
    10_000,
    "the completed mention",
  );
  await e.ui.type("briefly");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => s.includes("Mention received."), 20_000, "the answer");
  expect(bodyText(e, first)).toContain("explain @src/widgets/composer.ts briefly");

  const log = Array.from({ length: 25 }, (_, i) => `trace line ${i + 1}`).join("\n");
  await e.ui.type("why: ");
  await e.ui.paste(log);
  await e.ui.waitFor((s) => s.includes("› why: [Pasted text #1 +25 lines]"), 10_000, "the placeholder");
  await e.ui.keys(["Enter"]);
  await e.ui.waitFor((s) => s.includes("Paste received."), 20_000, "the second answer");
  expect(bodyText(e, first + 1)).toContain(JSON.stringify(`why: ${log}`).slice(1, -1));
});
