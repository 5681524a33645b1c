/** The environment of every git tandem runs on the host. */
import { ALLOWED_PROTOCOLS } from "./program-keys.ts";

/**
 * Variables that would redirect git to another repository, index or object store, inject config, or change its
 * output. They are dropped so an ambient `GIT_DIR` (e.g. tandem started from a git hook) never leaks into our calls.
 */
const DROPPED_ENV = [
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_INDEX_FILE",
  "GIT_OBJECT_DIRECTORY",
  "GIT_ALTERNATE_OBJECT_DIRECTORIES",
  "GIT_NAMESPACE",
  "GIT_COMMON_DIR",
  "GIT_CEILING_DIRECTORIES",
  "GIT_DISCOVERY_ACROSS_FILESYSTEM",
  "GIT_PREFIX",
  "GIT_EXTERNAL_DIFF",
  "GIT_DIFF_OPTS",
  "GIT_PAGER",
  "GIT_EDITOR",
  "GIT_SEQUENCE_EDITOR",
  "GIT_TRACE",
  "GIT_CONFIG",
  "GIT_CONFIG_PARAMETERS",
  "GIT_CONFIG_COUNT",
  "GIT_LITERAL_PATHSPECS",
  "GIT_GLOB_PATHSPECS",
  "GIT_NOGLOB_PATHSPECS",
  "GIT_ICASE_PATHSPECS",
];

/**
 * `sanitizedGitEnv({}, base)` computed once, for the many git calls of one owner (a checkpoint store: a session's
 * checkpointed step starts several). Copying `process.env` is slow (it is read from the C environment entry by
 * entry: 0.2–0.7 ms per copy here, against microseconds for a plain object), and was paid per git started. A
 * later change to the environment is not seen by the calls given this snapshot; the next owner takes a new one.
 */
export function gitEnvSnapshot(base: NodeJS.ProcessEnv = process.env): Readonly<NodeJS.ProcessEnv> {
  return Object.freeze(sanitizedGitEnv({}, base));
}

/**
 * `base` (default the process's environment; a session's own where the library was given one) minus redirecting
 * GIT_* variables, plus safe defaults: no prompts, C locale, no pager, no editor (env beats
 * `core.editor`/`sequence.editor`), only plain transports (env beats any `protocol.*` config).
 * The user's own `GIT_ALLOW_PROTOCOL`, `GIT_SSH_COMMAND`, `GIT_ASKPASS` are theirs and kept.
 */
export function sanitizedGitEnv(
  extra: Record<string, string> = {},
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const key of DROPPED_ENV) delete env[key];
  for (const key of Object.keys(env))
    if (key.startsWith("GIT_CONFIG_KEY_") || key.startsWith("GIT_CONFIG_VALUE_")) delete env[key];
  env.GIT_TERMINAL_PROMPT = "0";
  env.GIT_OPTIONAL_LOCKS = "0";
  env.GIT_PAGER = "cat";
  env.PAGER = "cat";
  env.GIT_EDITOR = ":";
  env.GIT_SEQUENCE_EDITOR = ":";
  env.GIT_ALLOW_PROTOCOL ??= ALLOWED_PROTOCOLS;
  env.LC_ALL = "C";
  env.LANGUAGE = "C";
  env.GLIBC_TUNABLES = withMallocTrimThreshold(env.GLIBC_TUNABLES);
  return { ...env, ...extra };
}

/**
 * glibc's malloc tunable that keeps freed heap instead of handing it back to the kernel at once. git allocates and
 * frees a large buffer for every file it hashes into a pack (`core.bigFileThreshold`, the first checkpoint) and
 * for other per-object work; with the default threshold (128 KiB) each free shrinks the heap and the next
 * allocation faults the pages in again: four `brk` calls and their page faults per file. On a VM, where a page
 * fault is expensive, that was 16.6 s against 1.0 s for the first record of 10,000 files (docs/benchmarks.md).
 * Peak memory is unchanged (the heap is not grown, only not shrunk); git is short-lived. Other C libraries and
 * macOS ignore the variable. A user's own tunables are kept, and their own trim threshold wins.
 */
const TRIM_TUNABLE = "glibc.malloc.trim_threshold";
const TRIM_THRESHOLD = `${TRIM_TUNABLE}=1073741824`;

export function withMallocTrimThreshold(current: string | undefined): string {
  if (!current) return TRIM_THRESHOLD;
  if (current.split(":").some((entry) => entry.startsWith(`${TRIM_TUNABLE}=`))) return current;
  return `${current}:${TRIM_THRESHOLD}`;
}
