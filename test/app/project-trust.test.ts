import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ProjectChoices } from "../../src/app/config.ts";
import { isProjectTrusted, settleProjectChoices, trustProject } from "../../src/app/project-trust.ts";
import { UserError } from "../../src/app/user-error.ts";

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "tandem-trust-"));
});
afterEach(() => rm(home, { recursive: true, force: true }));

const choices = (over: Partial<ProjectChoices> = {}): ProjectChoices => ({
  path: "/repo/.tandem/config.toml",
  root: "/repo",
  sha256: "a".repeat(64),
  model: "proj/m",
  providers: { proj: { protocol: "openai-chat", base_url: "http://127.0.0.1:9/v1" } },
  ...over,
});
const user = { model: "mine/m" };

describe("a project's model and providers need the user's consent", () => {
  it("refuses without anyone to ask, naming what the file asks for and how to approve", async () => {
    const error = await settleProjectChoices({ home, config: user, choices: choices() }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain(
      'asks for model "proj/m" from its own provider "proj" (openai-chat at "http://127.0.0.1:9/v1")',
    );
    expect((error as Error).message).toContain("tandem trust --cwd /repo");
    expect((error as Error).message).not.toContain("\n");
    // The file's values cannot drive the terminal the question or the error is shown on.
    const sneaky = choices({ model: "proj/m\u001b[2K\rlooks-safe/model" });
    const shown = await settleProjectChoices({ home, config: user, choices: sneaky }).catch(
      (e: Error) => e.message,
    );
    expect(shown).not.toContain("\u001b");
    expect(shown).toContain("\\u001b[2K\\rlooks-safe");
  });

  it("asks once: yes applies and remembers this file; a changed file is asked about again", async () => {
    const questions: string[] = [];
    const yes = async (q: string) => {
      questions.push(q);
      return true;
    };
    const r = await settleProjectChoices({ home, config: user, choices: choices(), confirm: yes });
    expect(r.config.model).toBe("proj/m");
    expect(r.config.providers?.proj?.base_url).toBe("http://127.0.0.1:9/v1");
    await settleProjectChoices({ home, config: user, choices: choices(), confirm: yes });
    expect(questions).toHaveLength(1);
    expect(await isProjectTrusted(home, choices({ sha256: "b".repeat(64) }))).toBe(false);
    const stored = JSON.parse(await readFile(join(home, "trusted-projects.json"), "utf8"));
    expect(stored.projects["/repo"].sha256).toBe("a".repeat(64));
  });

  it("no keeps the user's own model and says so", async () => {
    const r = await settleProjectChoices({
      home,
      config: user,
      choices: choices(),
      confirm: async () => false,
    });
    expect(r.config).toEqual(user);
    expect(r.warnings[0]).toContain("you declined");
    expect(await isProjectTrusted(home, choices())).toBe(false);
  });

  it("needs nothing when the command line chose a model of the user's; the project's providers stay unloaded", async () => {
    const r = await settleProjectChoices({ home, config: user, choices: choices(), chosenModel: "mine/m" });
    expect(r.config).toEqual(user);
    expect(r.warnings).toEqual([expect.stringContaining('not loaded: provider "proj"')]);
    const modelOnly = await settleProjectChoices({
      home,
      config: user,
      choices: choices({ providers: {} }),
      chosenModel: "mine/m",
    });
    expect(modelOnly.warnings).toEqual([]);
    await expect(
      settleProjectChoices({ home, config: user, choices: choices(), chosenModel: "proj/x" }),
    ).rejects.toThrow('its own provider "proj"');
  });

  it("stops with what to do when the approvals file is damaged, approving nothing", async () => {
    await trustProject(home, choices());
    await writeFile(join(home, "trusted-projects.json"), "{not json");
    await expect(isProjectTrusted(home, choices())).rejects.toThrow(/not a valid approvals file/);
  });
});
