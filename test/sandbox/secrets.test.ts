import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../../src/sandbox/index.ts";
import { makeTempDirs, runIn } from "./helpers.ts";

describe("secret folders and files are unreadable inside the sandbox", () => {
  const dirs = makeTempDirs();
  let ws: string;
  let home: string;
  let tandemHome: string;
  let sandbox: Sandbox;

  beforeEach(() => {
    ws = dirs.make("ws");
    home = dirs.make("home");
    tandemHome = dirs.make("tandem-home");
    mkdirSync(join(home, ".ssh"));
    writeFileSync(join(home, ".ssh/id_rsa"), "-----BEGIN FAKE KEY-----\n");
    mkdirSync(join(home, ".aws"));
    writeFileSync(join(home, ".aws/credentials"), "aws_secret_access_key=FAKE\n");
    mkdirSync(join(home, ".config/gcloud"), { recursive: true });
    writeFileSync(join(home, ".config/gcloud/credentials.db"), "FAKE-GCLOUD\n");
    mkdirSync(join(home, ".docker"));
    writeFileSync(join(home, ".docker/config.json"), '{"auths":{"x":{"auth":"FAKE"}}}\n');
    writeFileSync(join(home, ".docker/other.json"), "visible\n");
    writeFileSync(join(home, ".bashrc"), "visible-rc\n");
    writeFileSync(join(tandemHome, "credentials.json"), '{"key":"FAKE-TANDEM"}\n');
    writeFileSync(join(tandemHome, "config.toml"), "visible-config\n");
    writeFileSync(join(tandemHome, "history.jsonl"), '"my token is FAKE-TYPED"\n');
    mkdirSync(join(tandemHome, "sessions"));
    writeFileSync(join(tandemHome, "sessions", "s.jsonl"), '{"text":"FAKE-SESSION"}\n');
    sandbox = createSandbox({ workspace: ws, home, tandemHome });
  });
  afterEach(() => dirs.cleanup());

  it("cannot read ~/.ssh/id_rsa, ~/.aws, ~/.config/gcloud, ~/.docker/config.json or TANDEM_HOME credentials, history and sessions", async () => {
    const r = await runIn(
      sandbox,
      [
        `cat ${home}/.ssh/id_rsa`,
        `cat ${home}/.aws/credentials`,
        `cat ${home}/.config/gcloud/credentials.db`,
        `cat ${home}/.docker/config.json`,
        `cat ${tandemHome}/credentials.json`,
        `cat ${tandemHome}/history.jsonl`,
        `cat ${tandemHome}/sessions/s.jsonl 2>/dev/null`,
        `ls -A ${home}/.ssh ${tandemHome}/sessions`,
        "true",
      ].join("; "),
      ws,
    );
    expect(r.stdout).not.toMatch(/FAKE/);
    expect(r.stdout.replace(/^.*:$/gm, "").trim()).toBe(""); // hidden dirs list as empty
  });

  it("a hidden file reads as empty (not an error), so tools like npm and curl keep working", async () => {
    const r = await runIn(sandbox, `cat ${home}/.docker/config.json; echo "rc=$?"`, ws);
    expect(r.stdout).toBe("rc=0\n");
  });

  it("can still read the rest of home", async () => {
    const r = await runIn(sandbox, `cat ${home}/.bashrc ${home}/.docker/other.json`, ws);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("visible-rc\nvisible\n");
  });

  it("hides all of TANDEM_HOME: other projects' checkpoints, trash, undo journals and config (issue #9 item 11)", async () => {
    const other = join(tandemHome, "checkpoints", "0123456789abcdef");
    mkdirSync(join(other, "objects"), { recursive: true });
    writeFileSync(join(other, "objects", "blob"), "FAKE-CHECKPOINTED-SECRET\n");
    mkdirSync(`${other}.trash`);
    writeFileSync(join(`${other}.trash`, ".env"), "FAKE-TRASHED-SECRET\n");
    writeFileSync(`${other}.undo.jsonl`, '{"command":"FAKE-JOURNAL"}\n');
    const r = await runIn(
      sandbox,
      `grep -r FAKE ${tandemHome} 2>/dev/null; ls -A ${tandemHome}; echo "x" > ${tandemHome}/planted 2>/dev/null; true`,
      ws,
    );
    expect(r.stdout).not.toMatch(/FAKE|visible-config/);
    expect(r.stdout.trim()).toBe(""); // shown as an empty folder
    expect(existsSync(join(tandemHome, "planted"))).toBe(false);
  });

  it("keeps a workspace inside TANDEM_HOME visible and writable while its neighbours stay hidden", async () => {
    const inner = join(tandemHome, "worktrees", "agent-1");
    mkdirSync(inner, { recursive: true });
    const nested = createSandbox({ workspace: inner, home, tandemHome });
    const r = await runIn(
      nested,
      `echo ok > made.txt && cat made.txt; cat ${tandemHome}/config.toml ${tandemHome}/credentials.json 2>/dev/null; ls -A ${tandemHome}/worktrees`,
      inner,
    );
    expect(r.stdout).toBe("ok\nagent-1\n");
    expect(readFileSync(join(inner, "made.txt"), "utf8")).toBe("ok\n");
  });

  it("cannot write into a hidden folder either", async () => {
    const r = await runIn(sandbox, `echo x > ${home}/.ssh/authorized_keys`, ws);
    expect(r.code).not.toBe(0);
  });
});
