/**
 * A 5 MB paste: sent in full, and then Up brings it back as one placeholder (drawing 5 MB in the composer
 * made every key lag) that sends the same text again; it is not saved to history.jsonl (read whole at
 * start-up), while a normal message is. The real app and agent; the model is a scripted client.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { type AppHarness, startApp } from "./support/app-harness.ts";

let h: AppHarness | undefined;
afterEach(() => h?.dispose());

const sentText = (request: { messages: unknown } | undefined) => JSON.stringify(request?.messages ?? null);

it("recalls a huge sent paste as a placeholder and keeps it out of the history file", async () => {
  h = startApp([{ text: "Got the log." }, { text: "Got it again." }, { text: "Short one." }]);
  const big = Array.from({ length: 100_000 }, (_, i) => `line ${i} ${"x".repeat(40)}`).join("\n");
  h.input(`\x1b[200~${big}\x1b[201~`);
  await h.waitForText("[Pasted text #1 +100000 lines]");
  h.input("\r");
  await h.waitForText("Got the log.");
  expect(sentText(h.client.requests[0])).toContain("line 99999 x");

  h.input("\x1b[A");
  await h.until(() => h?.app.screen.composer.text !== "", "the recalled message");
  expect(h.app.screen.composer.text).toBe("[Pasted text #1 +100000 lines]");
  h.input("\r");
  await h.waitForText("Got it again.");
  expect(sentText(h.client.requests[1]).split("line 99999 x").length).toBe(3);

  h.input("a short one\r");
  await h.waitForText("Short one.");
  await h.until(() => {
    try {
      return readFileSync(join(h?.home ?? "", "history.jsonl"), "utf8").includes("a short one");
    } catch {
      return false;
    }
  }, "the short message in history.jsonl");
  expect(readFileSync(join(h.home, "history.jsonl"), "utf8")).not.toContain("line 99999");
  await h.exit();
}, 30_000);
