/**
 * Repositories prepared the way a hostile model would (inside the workspace, with `git init` and `git config`):
 * every config key that makes git run a program points at a script that writes a marker file, named after the key,
 * into a folder OUTSIDE the workspace. A marker on the host means git ran the repository's program there.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "t",
  GIT_AUTHOR_EMAIL: "t@t.invalid",
  GIT_COMMITTER_NAME: "t",
  GIT_COMMITTER_EMAIL: "t@t.invalid",
  GIT_CONFIG_NOSYSTEM: "1",
};

/** Plain git for setting up fixtures; always with hooks, filters and fsmonitor off, so set-up itself plants nothing. */
export function setupGit(cwd: string, args: string[], input?: string): string {
  return execFileSync("git", ["-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", ...args], {
    cwd,
    env: ENV,
    encoding: "utf8",
    stdio: "pipe",
    input,
  }).trim();
}

export interface Markers {
  dir: string;
  /**
   * An executable that writes the marker `name`, then fails; `filter`: passes stdin through instead (so a
   * content filter "works" and git keeps going).
   */
  program(name: string, filter?: boolean): string;
  /** Names of the markers written so far. */
  written(): string[];
}

export function createMarkers(dir: string): Markers {
  mkdirSync(join(dir, "bin"), { recursive: true });
  return {
    dir,
    program(name, filter = false) {
      const file = join(dir, "bin", `${name.replace(/[^A-Za-z0-9.-]/g, "_")}.sh`);
      if (!existsSync(file)) {
        writeFileSync(file, `#!/bin/sh\ntouch '${join(dir, name)}'\n${filter ? "exec cat" : "exit 1"}\n`);
        chmodSync(file, 0o755);
      }
      return file;
    },
    written: () => readdirSync(dir).filter((f) => f !== "bin"),
  };
}

/** One planted key: how to set it, and a git command that makes an unprotected git run it. */
export interface HostileKey {
  key: string;
  plant(repo: string, markers: Markers): void;
  /** Arguments of the git call that would run the program (in the repository). */
  probe: string[];
  input?: string;
}

const set = (key: string, value: (m: Markers) => string) => (repo: string, m: Markers) =>
  setupGit(repo, ["config", key, value(m)]);

/** Creates a repository with one commit (`a.txt`, `.gitattributes` selecting the `evil` drivers for *.txt). */
export function hostileRepo(repo: string): void {
  mkdirSync(repo, { recursive: true });
  setupGit(repo, ["init", "-q", "-b", "main"]);
  writeFileSync(join(repo, "a.txt"), "one\n");
  writeFileSync(join(repo, ".gitattributes"), "*.txt filter=evil diff=evil merge=evil\n");
  setupGit(repo, ["add", "-A"]);
  setupGit(repo, ["commit", "-qm", "init"]);
}

/** Every program-valued key of issue #9 item 2, each with a probe that runs it under a plain `git`. */
export const HOSTILE_KEYS: HostileKey[] = [
  {
    key: "filter.evil.clean",
    plant: set("filter.evil.clean", (m) => m.program("filter.evil.clean", true)),
    probe: ["add", "-A"],
  },
  {
    key: "filter.evil.smudge",
    plant: set("filter.evil.smudge", (m) => m.program("filter.evil.smudge", true)),
    probe: ["checkout", "--", "a.txt"],
  },
  {
    key: "filter.evil.process",
    plant: set("filter.evil.process", (m) => m.program("filter.evil.process")),
    probe: ["add", "-A"],
  },
  {
    key: "diff.evil.textconv",
    plant: set("diff.evil.textconv", (m) => m.program("diff.evil.textconv")),
    probe: ["diff"],
  },
  {
    key: "diff.evil.command",
    plant: set("diff.evil.command", (m) => m.program("diff.evil.command")),
    probe: ["diff"],
  },
  {
    key: "diff.external",
    plant(repo, m) {
      writeFileSync(join(repo, ".gitattributes"), "");
      setupGit(repo, ["config", "diff.external", m.program("diff.external")]);
    },
    probe: ["diff"],
  },
  {
    key: "core.fsmonitor",
    plant: set("core.fsmonitor", (m) => m.program("core.fsmonitor")),
    probe: ["status", "--porcelain"],
  },
  {
    key: "core.sshCommand",
    plant(repo, m) {
      setupGit(repo, ["config", "core.sshCommand", m.program("core.sshCommand")]);
      setupGit(repo, ["config", "remote.origin.url", "ssh://git@127.0.0.1:9/x.git"]);
    },
    probe: ["ls-remote", "origin"],
  },
  {
    key: "core.editor",
    plant: set("core.editor", (m) => m.program("core.editor")),
    probe: ["commit", "--allow-empty"],
  },
  {
    key: "sequence.editor",
    plant(repo, m) {
      writeFileSync(join(repo, "a.txt"), "one\n"); // rebase wants a clean work tree
      setupGit(repo, ["config", "sequence.editor", m.program("sequence.editor")]);
    },
    probe: ["rebase", "-i", "HEAD"],
  },
  {
    key: "core.askPass",
    plant: set("core.askPass", (m) => m.program("core.askPass")),
    probe: ["credential", "fill"],
    input: "protocol=https\nhost=example.invalid\n\n",
  },
  {
    key: "credential.helper",
    plant: set("credential.helper", (m) => m.program("credential.helper")),
    probe: ["credential", "fill"],
    input: "protocol=https\nhost=example.invalid\n\n",
  },
  {
    key: "credential.<url>.helper",
    plant: set("credential.https://example.invalid.helper", (m) => m.program("credential.url.helper")),
    probe: ["credential", "fill"],
    input: "protocol=https\nhost=example.invalid\n\n",
  },
  {
    key: "remote.origin.uploadpack",
    plant(repo, m) {
      setupGit(repo, ["config", "remote.origin.url", repo]);
      setupGit(repo, ["config", "remote.origin.uploadpack", m.program("remote.origin.uploadpack")]);
    },
    probe: ["ls-remote", "origin"],
  },
  {
    key: "remote.origin.receivepack",
    plant(repo, m) {
      setupGit(repo, ["config", "remote.origin.url", repo]);
      setupGit(repo, ["config", "remote.origin.receivepack", m.program("remote.origin.receivepack")]);
    },
    probe: ["push", "origin", "HEAD:refs/heads/other"],
  },
  {
    key: "url.<x>.insteadOf (ext::)",
    plant(repo, m) {
      setupGit(repo, ["config", "protocol.allow", "always"]);
      setupGit(repo, ["config", "protocol.ext.allow", "always"]);
      setupGit(repo, ["config", `url.ext::${m.program("url.insteadOf")} %S .insteadOf`, "evil:"]);
      setupGit(repo, ["config", "remote.origin.url", "evil:x"]);
    },
    probe: ["ls-remote", "origin"],
  },
  {
    key: "extensions.partialClone (lazy fetch of a missing object)",
    plant(repo, m) {
      const promisor = `${repo}-promisor.git`;
      setupGit(repo, ["init", "-q", "--bare", promisor]);
      setupGit(repo, ["config", "core.repositoryFormatVersion", "1"]);
      setupGit(repo, ["config", "extensions.partialClone", "lazy"]);
      setupGit(repo, ["config", "remote.lazy.url", promisor]);
      setupGit(repo, ["config", "remote.lazy.promisor", "true"]);
      setupGit(repo, ["config", "remote.lazy.uploadpack", m.program("partialClone.uploadpack")]);
      setupGit(repo, ["update-index", "--add", "--cacheinfo", `100644,${"12345678".repeat(5)},missing.txt`]);
    },
    probe: ["checkout", "--", "missing.txt"],
  },
  {
    key: "include.path",
    plant(repo, m) {
      const file = join(repo, "included.cfg");
      writeFileSync(file, `[filter "evil"]\n\tclean = ${m.program("include.path", true)}\n`);
      setupGit(repo, ["config", "include.path", file]);
    },
    probe: ["add", "-A"],
  },
  {
    key: "includeIf.gitdir",
    plant(repo, m) {
      const file = join(repo, "included-if.cfg");
      writeFileSync(file, `[filter "evil"]\n\tprocess = ${m.program("includeIf")}\n`);
      setupGit(repo, ["config", "includeIf.gitdir:/.path", file]);
    },
    probe: ["add", "-A"],
  },
  {
    key: "gpg.program",
    plant(repo, m) {
      setupGit(repo, ["config", "gpg.program", m.program("gpg.program")]);
      setupGit(repo, ["config", "commit.gpgSign", "true"]);
    },
    probe: ["commit", "--allow-empty", "-m", "signed?"],
  },
  {
    key: "merge.evil.driver",
    plant(repo, m) {
      setupGit(repo, ["config", "merge.evil.driver", `${m.program("merge.evil.driver")} %O %A %B`]);
      setupGit(repo, ["checkout", "-qb", "side"]);
      writeFileSync(join(repo, "a.txt"), "side\n");
      setupGit(repo, ["commit", "-qam", "side"]);
      setupGit(repo, ["checkout", "-q", "main"]);
      writeFileSync(join(repo, "a.txt"), "main\n");
      setupGit(repo, ["commit", "-qam", "main"]);
    },
    probe: ["merge", "-m", "m", "side"],
  },
  {
    key: "core.alternateRefsCommand",
    plant(repo, m) {
      const other = `${repo}-alternate`;
      setupGit(repo, ["init", "-q", "--bare", other]);
      writeFileSync(join(repo, ".git", "objects", "info", "alternates"), `${join(other, "objects")}\n`);
      setupGit(repo, ["config", "core.alternateRefsCommand", m.program("core.alternateRefsCommand")]);
      setupGit(repo, ["config", "remote.origin.url", repo]);
    },
    probe: ["fetch", "-q", "origin", "main"],
  },
  {
    key: ".git/info/attributes selecting a driver",
    plant(repo, m) {
      writeFileSync(join(repo, ".gitattributes"), "");
      writeFileSync(join(repo, ".git", "info", "attributes"), "*.txt filter=other\n");
      setupGit(repo, ["config", "filter.other.clean", m.program("info.attributes")]);
    },
    probe: ["add", "-A"],
  },
];

/**
 * Every key at once, for the end-to-end paths (guard, backups, checkpoints, undo): distinct drivers per file so no
 * key masks another (a filter's `process` would hide its `clean`, a diff driver's `command` its `textconv`).
 */
export function plantAll(
  repo: string,
  m: Markers,
  remote: string,
  options: { uploadPack?: boolean } = {},
): void {
  writeFileSync(
    join(repo, ".gitattributes"),
    "a.txt filter=f1 diff=d1 merge=m1\nb.txt filter=f2 diff=d2\nc.txt filter=f3\n",
  );
  for (const f of ["b.txt", "c.txt"]) writeFileSync(join(repo, f), `${f}\n`);
  setupGit(repo, ["add", "-A"]);
  setupGit(repo, ["commit", "-qm", "drivers"]);
  const config: Record<string, string> = {
    "filter.f1.clean": m.program("filter.clean", true),
    "filter.f1.smudge": m.program("filter.smudge", true),
    "filter.f1.required": "true",
    "filter.f2.process": m.program("filter.process"),
    "diff.d1.textconv": m.program("diff.textconv"),
    "diff.d2.command": m.program("diff.command"),
    "diff.external": m.program("diff.external"),
    "merge.m1.driver": m.program("merge.driver"),
    "core.fsmonitor": m.program("core.fsmonitor"),
    "core.sshCommand": m.program("core.sshCommand"),
    "core.pager": m.program("core.pager"),
    "core.editor": m.program("core.editor"),
    "sequence.editor": m.program("sequence.editor"),
    "core.askPass": m.program("core.askPass"),
    "credential.helper": m.program("credential.helper"),
    "core.alternateRefsCommand": m.program("core.alternateRefsCommand"),
    "gpg.program": m.program("gpg.program"),
    "commit.gpgSign": "true",
    "log.showSignature": "true",
    "protocol.ext.allow": "always",
    [`url.ext::${m.program("url.insteadOf")} %S .insteadOf`]: "evil:",
    "pager.diff": m.program("pager.diff"),
  };
  // The repository's own upload-pack makes tandem refuse local transports (the guard then cannot look at the remote).
  if (options.uploadPack ?? true) {
    config["remote.origin.uploadpack"] = m.program("remote.uploadpack");
    config["remote.origin.receivepack"] = m.program("remote.receivepack");
  }
  for (const [key, value] of Object.entries(config)) setupGit(repo, ["config", key, value]);
  const included = join(repo, ".git", "included.cfg");
  writeFileSync(included, `[filter "f3"]\n\tclean = ${m.program("include.path", true)}\n`);
  setupGit(repo, ["config", "include.path", included]);
  if (remote) setupGit(repo, ["config", "remote.origin.url", remote]);
}
