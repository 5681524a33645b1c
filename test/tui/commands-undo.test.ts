/** `/undo` parsing: bare keeps the user's later edits, `--overwrite` reverts them, anything else is explained. */
import { expect, it } from "vitest";
import { parseCommand } from "../../src/tui/commands.ts";

it("parses /undo and /undo --overwrite, and explains any other argument", () => {
  expect(parseCommand("/undo")).toEqual({ name: "undo", overwrite: false });
  expect(parseCommand("/undo --overwrite")).toEqual({ name: "undo", overwrite: true });
  const other = parseCommand("/undo 3");
  expect(other?.name).toBe("unknown");
  expect(other?.name === "unknown" && other.text).toContain("/undo takes only --overwrite");
});
