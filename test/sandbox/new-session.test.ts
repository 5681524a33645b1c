import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { createSandbox } from "../../src/sandbox/index.ts";
import { makeTempDirs } from "./helpers.ts";

const haveScript = spawnSync("script", ["--version"]).status === 0;

/** Quotes one argument for `sh -c`. */
const q = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;

describe.runIf(haveScript)("the sandboxed command has no controlling terminal (--new-session)", () => {
  const dirs = makeTempDirs();
  afterEach(() => dirs.cleanup());

  it("cannot open /dev/tty even when started from a terminal, so it cannot TIOCSTI keystrokes into it", () => {
    const ws = dirs.make("ws");
    const wrapped = createSandbox({ workspace: ws, home: ws }).wrap(
      ["bash", "-c", "exec 3</dev/tty && echo HAVE-TTY || echo NO-TTY"],
      ws,
    );
    // script(1) gives the sandbox a real pseudo-terminal as its controlling terminal.
    const r = spawnSync("script", ["-qec", wrapped.map(q).join(" "), "/dev/null"], {
      cwd: ws,
      encoding: "utf8",
    });
    expect(r.stdout).toContain("NO-TTY");
    expect(r.stdout).not.toContain("HAVE-TTY");
  });
});
