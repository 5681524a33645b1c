/**
 * Which git config keys make git run a program, and the value tandem puts in their place when a repository (not the
 * user) set them. Verified against git 2.39 by experiment (test/safety/host-git-hardening.test.ts plants each one):
 * an empty filter command, askpass or alternateRefsCommand is skipped (runs nothing); an empty diff/merge driver
 * or gpg program makes git try to exec "" and fail, which runs nothing either (and diff-family calls also get
 * `--no-ext-diff --no-textconv`, so a diff never gets that far).
 */

/** Scopes whose config is the user's own: /etc/gitconfig (root-owned) and ~/.gitconfig / XDG (outside the sandbox's writable roots). */
export const TRUSTED_SCOPES: ReadonlySet<string> = new Set(["system", "global"]);

export interface ProgramKey {
  /** Matches the key as `git config --list` prints it (section and name lower-cased, subsection as written). */
  match: RegExp;
  /** Value used when no trusted scope sets the key. */
  neutral: string;
}

/** Single-valued (last one wins) keys whose value is a program or shell command. */
export const PROGRAM_KEYS: readonly ProgramKey[] = [
  // Content filters: run by add, diff, status, checkout, read-tree -u... on every file the attributes select.
  { match: /^filter\..+\.(clean|smudge|process)$/i, neutral: "" },
  // A neutralized filter must not fail the command because the repository declared it required.
  { match: /^filter\..+\.required$/i, neutral: "false" },
  { match: /^diff\..+\.(textconv|command)$/i, neutral: "" },
  { match: /^diff\.external$/i, neutral: "" },
  { match: /^merge\..+\.driver$/i, neutral: "" },
  { match: /^core\.(askpass|alternaterefscommand)$/i, neutral: "" },
  // Remote look-ups over ssh still need ssh: the user's own command if they configured one, else plain ssh.
  { match: /^core\.sshcommand$/i, neutral: "ssh" },
  { match: /^core\.pager$/i, neutral: "cat" },
  { match: /^(core|sequence)\.editor$/i, neutral: ":" },
  { match: /^gpg\.(.+\.)?program$/i, neutral: "" },
  { match: /^gpg\.ssh\.defaultkeycommand$/i, neutral: "" },
  { match: /^trailer\..+\.(command|cmd)$/i, neutral: "" },
  // git-lfs (a filter the user installed) reads these through `git config`, which sees our `-c` values too.
  { match: /^lfs\.customtransfer\..+\.path$/i, neutral: "" },
  { match: /^lfs\.extension\..+\.(clean|smudge)$/i, neutral: "" },
];

/**
 * Credential helpers are a list (every value runs, for every matching URL); an empty value clears the list so
 * far. When a repository adds one, the whole list is cleared on the command line and the user's helpers re-added.
 */
export const CREDENTIAL_HELPER = /^credential\.(.+\.)?helper$/i;

/**
 * `-c` flags every call gets, whatever the repository says: no hooks, no fsmonitor, no signing or signature
 * checks (gpg), no recursion into nested repositories (a gitlinked repository's own config would apply there, with
 * driver names we never read), no automatic gc/maintenance.
 */
export const STATIC_FLAGS: readonly string[] = [
  "core.hooksPath=/dev/null",
  "core.fsmonitor=false",
  "core.quotePath=false",
  "submodule.recurse=false",
  "fetch.recurseSubmodules=false",
  "diff.ignoreSubmodules=dirty",
  "status.submoduleSummary=false",
  "log.showSignature=false",
  "commit.gpgSign=false",
  "tag.gpgSign=false",
  "gc.auto=0",
  "maintenance.auto=false",
].flatMap((flag) => ["-c", flag]);

/**
 * Transports git may use (`GIT_ALLOW_PROTOCOL`, which beats any config). Excluded: `ext::` (runs a command),
 * `fd::`, `git://` (its `core.gitProxy` is a program and first-wins, so `-c` cannot replace it) and every remote
 * helper (`<vcs>::`, `remote.<r>.vcs`), which would run `git-remote-<name>` from PATH.
 */
export const ALLOWED_PROTOCOLS = "file:http:https:ssh";

/** Subcommands that can produce diffs: external diff and textconv drivers off, nested repositories not entered. */
export const DIFF_COMMANDS: ReadonlySet<string> = new Set([
  "diff",
  "log",
  "show",
  "diff-tree",
  "diff-index",
  "diff-files",
  "whatchanged",
]);
export const DIFF_FLAGS: readonly string[] = ["--no-ext-diff", "--no-textconv", "--ignore-submodules=dirty"];

/**
 * `remote.<r>.uploadpack` / `receivepack` are first-wins (a `-c` value is ignored, "more than one uploadpack
 * given, using the first"), so the command line names the program instead.
 */
export const REMOTE_FLAGS: Readonly<Record<string, readonly string[]>> = {
  fetch: ["--upload-pack=git-upload-pack"],
  "ls-remote": ["--upload-pack=git-upload-pack"],
  pull: ["--upload-pack=git-upload-pack"],
  push: ["--receive-pack=git-receive-pack"],
};
