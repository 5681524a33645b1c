/**
 * The printed resume commands work when pasted into a shell: from the session's folder they are bare; from
 * elsewhere they name the folder with `--cwd`, quoted when it holds spaces or quotes.
 */
import { expect, it } from "vitest";
import { resumeCommands } from "../../src/app/resume-command.ts";

it("names --cwd only from another folder, quoted for the shell", () => {
  expect(resumeCommands({ sessionId: "20261204T120000-ab12", cwd: "/src/app", from: "/src/app/" })).toEqual({
    exec: 'tandem exec --resume 20261204T120000-ab12 "…"',
    ui: "tandem resume 20261204T120000-ab12",
  });
  expect(
    resumeCommands({ sessionId: "20261204T120000-ab12", cwd: "/home/me/it's mine", from: "/tmp" }),
  ).toEqual({
    exec: `tandem exec --cwd '/home/me/it'\\''s mine' --resume 20261204T120000-ab12 "…"`,
    ui: `tandem resume 20261204T120000-ab12 --cwd '/home/me/it'\\''s mine'`,
  });
});
