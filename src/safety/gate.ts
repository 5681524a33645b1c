/**
 * The safety gate (src/core/gate.ts ToolGate): every tool call passes it before it runs.
 *
 * - Every call is decided by what its tool declares (src/core/tool.ts), never by its name. Read-only tools
 *   (kinds `read`, `search`, `fetch`, `think`) run. The commands of a sandboxed `execute` tool (the shell) are
 *   analysed and decided by the policy for the mode and rules; the `paths().writes` of an `edit` tool by
 *   `decidePath` (a path outside the workspace, symlinks resolved, is destructive) and by the sandbox's
 *   protected paths (`protectedReason`: git metadata, hooks, `.tandem`): refused in auto, asked in ask and full.
 *   Any other tool's effects are unknown (gate-unknown.ts): asked in ask, in auto run only when it declares
 *   itself read-only or a user rule allows it, run in full.
 * - Destructive commands go through the destructive-action guard: the first time, the call is refused with what
 *   it would destroy (computed) and the model is asked to re-issue it with a `justification`; on the re-issue the
 *   guard backs up what it can in `beforeRun`, journals the justification and backup, and lets it run, in its
 *   safer form when there is one (`--force-with-lease`): returned as the decision's `args`, never written into
 *   the call's own.
 *   Irreversible or outside-workspace actions are refused in `auto`, need the user's yes in `ask`, and in `full`
 *   run after stop-and-think (outside-workspace ones still need the user's yes in every mode).
 * - `beforeRun` checkpoints the workspace before every call that may change files, and journals the step, so
 *   `tandem undo` can reverse it.
 * Nothing the model sends changes the mode: the only input it controls is the call's arguments. The user can
 * (`setMode`, from the `set_mode` submission): each call is decided in the mode in force when it is checked.
 */

import path from "node:path";
import type { GateCall } from "../core/gate.ts";
import { readOnlyOf } from "../core/tool.ts";
import { isPermissionMode, type PermissionMode } from "../protocol/permissions.ts";
import type { GitlinkCache } from "../sandbox/index.ts";
import { messageOf } from "../util/message-of.ts";
import { createAfterStepWork, recordAfterStep } from "./after-step.ts";
import { DEFAULT_RULES_FILES } from "./allow-hints.ts";
import { alwaysAllowed } from "./always-allowed.ts";
import type { CommandPart, Risk } from "./analysis/index.ts";
import { runWithoutCheckpoint } from "./cleanup-without-checkpoint.ts";
import { commandOf } from "./gate-command.ts";
import { checkFileCall } from "./gate-files.ts";
import { createShellCheck, normalize, type Pending, recordGuarded } from "./gate-shell.ts";
import type { SafetyGate, SafetyGateOptions } from "./gate-types.ts";
import { checkUnknownTool, rememberKey } from "./gate-unknown.ts";
import { throttleProgress } from "./progress-throttle.ts";
import { checkpointWhileRunning, type RunCheckpoints } from "./run-checkpoints.ts";

export type { SafetyGate, SafetyGateOptions } from "./gate-types.ts";

export function createSafetyGate(options: SafetyGateOptions): SafetyGate {
  const { workspace } = options;
  let mode = options.mode;
  const remembered = new Set<string>();
  /** Gitlinks per index file, for `protectedReason` (read again only when an index changes). */
  const gitlinks: GitlinkCache = new Map();
  const pending = new Map<string, Pending>();
  const risks = new Map<string, Risk>();
  /** Each checked shell call's analysed parts, for the one call kind that may run without a checkpoint. */
  const commandParts = new Map<string, CommandPart[]>();
  const notes = new Map<string, string>();
  /** Labels of calls checkpointed in beforeRun, for the checkpoint taken after them. */
  const stepLabels = new Map<string, string>();
  /** Keys of the git-directory/ignored-file backups taken before a call, for the ones taken after it. */
  const dataKeys = new Map<string, string>();
  /**
   * The checkpoint taken right after a changing step, while the model thinks (after-step.ts: once the next
   * request is written). The next step's checkpoint then finds nothing changed (cheap) unless something did
   * change in between, in which case it records that.
   */
  const afterWork = createAfterStepWork(
    options.afterStartMs !== undefined ? { delayMs: options.afterStartMs } : {},
  );
  /** Checkpoints being taken while a shell command runs, by call id. */
  const running = new Map<string, RunCheckpoints>();
  /**
   * Steps that went ahead of the workspace's first record (they declare their writes): the end of the step, which
   * their checkpoint waits for, and the journal entry written once that checkpoint is made.
   */
  const earlySteps = new Map<string, { done: () => void; journaled: Promise<unknown> }>();

  const checkFiles = (call: GateCall, mode: PermissionMode) =>
    checkFileCall(call, mode, {
      workspace,
      gitlinks,
      remembered,
      ...(options.rules ? { rules: options.rules } : {}),
      rulesFiles: options.rulesFiles ?? DEFAULT_RULES_FILES,
    });

  const checkShell = createShellCheck({
    workspace,
    trashDir: options.trashDir,
    ...(options.git ? { git: options.git } : {}),
    ...(options.rules ? { rules: options.rules } : {}),
    ...(options.rulesFiles ? { rulesFiles: options.rulesFiles } : {}),
    ...(options.containment ? { containment: options.containment } : {}),
    ...(options.network !== undefined ? { network: options.network } : {}),
    remembered,
    pending,
    risks,
    commandParts,
    ...(options.pacer ? { pacer: options.pacer } : {}),
  });

  return {
    async check(call) {
      const command = commandOf(call);
      if (command !== undefined) return checkShell(call, command, mode);
      if (call.tool.kind === "edit" && call.tool.paths) return checkFiles(call, mode);
      // What remains of the declared effects: kinds that change nothing (the lazy session gate answers these alone).
      if (alwaysAllowed(call)) return { action: "allow" };
      // What is left says neither what it reads nor what it changes (or says it changes things as a `read`).
      return checkUnknownTool(call, mode, {
        ...(options.rules ? { rules: options.rules } : {}),
        rulesFiles: options.rulesFiles ?? DEFAULT_RULES_FILES,
        remembered,
      });
    },

    remember(call) {
      const command = commandOf(call);
      if (command !== undefined) remembered.add(normalize(command));
      else if (call.tool.kind === "edit" && call.tool.paths)
        for (const target of call.tool.paths(call.args, { cwd: call.cwd }).writes)
          remembered.add(`${call.tool.name} ${path.resolve(call.cwd, target)}`);
      else remembered.add(rememberKey(call.tool.name));
    },

    // A guarded call's backups (files moved to the trash, refs saved) come first; it does not overlap them.
    mayStartEarly: (call) => !pending.has(call.callId),

    async beforeRun(call, onProgress) {
      const isShell = commandOf(call) !== undefined;
      const guarded = pending.get(call.callId);
      pending.delete(call.callId);
      const changes = !readOnlyOf(call.tool) && !(isShell && risks.get(call.callId) === "read-only");
      risks.delete(call.callId);
      if (!changes && !guarded) {
        commandParts.delete(call.callId);
        return;
      }
      const summary = call.tool.summarize?.(call.args) ?? "";
      const name = call.tool.name;
      const label = (summary.startsWith(`${name} `) ? summary : `${name}: ${summary}`).slice(0, 120);
      // A file tool declares what it writes (the gate checked those paths).
      const declared =
        call.tool.kind === "edit" && call.tool.paths
          ? call.tool.paths(call.args, { cwd: call.cwd }).writes.map((p) => path.resolve(call.cwd, p))
          : undefined;
      // A tool that names every file it writes need not wait for a record of the workspace (the first one, or an
      // ordinary one): its files are saved as they are, and its checkpoint is put together once the step is done
      // (docs/checkpoints.md). Not while the last step's after-step record is still to be made: it must see the
      // workspace before this step changes it.
      const writes = !isShell && !guarded && !afterWork.busy() ? declared : undefined;
      let stepDone = () => {};
      const ended = new Promise<void>((resolve) => {
        stepDone = resolve;
      });
      const shown = onProgress && throttleProgress(onProgress, options.progress);
      // An early step is journalled once its checkpoint exists (set below; it runs after the step has ended).
      let journalStep: (checkpoint: number) => Promise<unknown> = async () => undefined;
      // A command step during the first record runs on an overlay of the workspace instead of waiting for it
      // (checkpoints/overlay-steps.ts). Decided before any await here: the command is spawned right after.
      const overlaid =
        isShell && !guarded
          ? options.checkpoints?.createOverlaid?.(
              call.callId,
              label,
              { callId: call.callId },
              {
                stepDone: ended,
                afterCheckpoint: (made) => journalStep(made.seq),
              },
            )
          : undefined;
      const early =
        overlaid ??
        (writes && options.checkpoints
          ? await options.checkpoints
              .createBefore(label, { callId: call.callId }, writes, {
                stepDone: ended,
                afterCheckpoint: (made) => journalStep(made.seq),
                onProgress: shown?.update,
              })
              .catch(() => undefined)
          : undefined);
      // Awaited below (after the previous step's work): a failure meanwhile is not an unhandled rejection.
      early?.checkpoint.catch(() => undefined);
      // From here to its backups the step may wait on work the pacing holds (its checkpoint queued behind the
      // first record, the step backups' queue): that goes on meanwhile. An early step that needs no backup waits
      // on none of it.
      const endUrgent = !early?.early || !early.covered ? options.pacer?.urgent() : undefined;
      if (!early?.early) {
        stepDone();
        // The previous step's after-work first: its record exists before this step changes anything.
        await afterWork.drain();
      }
      const parts = commandParts.get(call.callId);
      commandParts.delete(call.callId);
      // The backups of what checkpoints skip run alongside the checkpoint's git process. Their failure does not
      // stop the step (the checkpoint still covers the workspace files); the step is then just not covered there.
      // An early step whose writes the checkpoint all records cannot touch .git or ignored files: no backup (its
      // first one, which lists every ignored file, would be most of what the step still waits for).
      let backupError: string | undefined;
      // The backups skip what the declared writes cannot reach.
      const backing = early?.covered
        ? undefined
        : options.stepBackups?.before(declared ? { writes: declared } : undefined).catch((error: unknown) => {
            backupError = messageOf(error);
            return undefined;
          });
      let checkpoint: number | undefined;
      try {
        if (early?.early) checkpoint = undefined;
        else if (early) checkpoint = (await early.checkpoint).seq;
        else
          checkpoint = options.checkpoints
            ? (
                await options.checkpoints.create(
                  label,
                  { callId: call.callId },
                  { onProgress: shown?.update },
                )
              ).seq
            : undefined;
        shown?.finish();
      } catch (error) {
        // Nothing could undo this call, so it does not run (this throws), unless it only deletes files created
        // since the last checkpoint: the cleanup a full disk needs (docs/checkpoints.md).
        const storeDir = options.checkpoints?.storeDir ?? "";
        const check = { workspace, storeDir, cwd: call.cwd };
        notes.set(call.callId, await runWithoutCheckpoint(error, isShell ? parts : undefined, check));
        endUrgent?.();
        return;
      }
      const data = await backing;
      endUrgent?.();
      if (backupError)
        notes.set(
          call.callId,
          `[tandem] .git and ignored files could not be backed up before this step (${backupError}); \`tandem undo\` restores only workspace files for it.`,
        );
      stepLabels.set(call.callId, label);
      if (data) dataKeys.set(call.callId, data);
      // Started last, once nothing here can throw any more (afterRun, which stops it, only follows a success).
      const watch = () => {
        const every = options.runCheckpointMs ?? 1000;
        if (!isShell || !options.checkpoints || checkpoint === undefined || every <= 0) return;
        const meta = { callId: call.callId };
        const ticks = checkpointWhileRunning(options.checkpoints, label, meta, {
          intervalMs: every,
          since: checkpoint,
        });
        running.set(call.callId, ticks);
      };
      const time = Date.now();
      const step = async (seq: number) =>
        options.journal?.append({
          type: "step",
          checkpoint: seq,
          label,
          time,
          call_id: call.callId,
          ...(data ? { data } : {}),
        });
      if (early?.early) {
        // Journalled once the checkpoint exists. Should the record fail after the step ran, the step has neither
        // (a step whose checkpoint fails before it runs is refused instead: runWithoutCheckpoint).
        journalStep = step;
        earlySteps.set(call.callId, { done: stepDone, journaled: early.checkpoint.catch(() => undefined) });
        return;
      }
      if (!guarded) {
        if (checkpoint !== undefined) await step(checkpoint);
        watch();
        return;
      }
      const note = await recordGuarded(guarded, {
        ...(checkpoint !== undefined ? { checkpoint } : {}),
        ...(data ? { data } : {}),
        time,
        callId: call.callId,
        ...(options.journal ? { journal: options.journal } : {}),
      });
      notes.set(call.callId, [notes.get(call.callId) ?? "", note].filter(Boolean).join("\n"));
      watch();
    },

    async afterRun(call) {
      pending.delete(call.callId);
      risks.delete(call.callId);
      commandParts.delete(call.callId);
      const label = stepLabels.get(call.callId);
      stepLabels.delete(call.callId);
      const data = dataKeys.get(call.callId);
      dataKeys.delete(call.callId);
      const ticks = running.get(call.callId);
      running.delete(call.callId);
      const earlyStep = earlySteps.get(call.callId);
      earlySteps.delete(call.callId);
      earlyStep?.done();
      if (label !== undefined && options.checkpoints) {
        const store = options.checkpoints;
        // The checkpoints taken while the command ran stop now, not when the work below starts.
        const stopped = ticks?.stop() ?? Promise.resolve([]);
        // Not awaited, and not started until the next request is written (after-step.ts).
        afterWork.hold(() =>
          recordAfterStep({
            store,
            label,
            callId: call.callId,
            during: stopped,
            ...(earlyStep ? { journaled: earlyStep.journaled } : {}),
            ...(options.journal ? { journal: options.journal } : {}),
            ...(options.stepBackups && data
              ? { backups: { stepBackups: options.stepBackups, key: data } }
              : {}),
          }),
        );
      }
    },

    requestSent: () => afterWork.start(),

    close: () => afterWork.drain(),

    takeNote(callId) {
      const note = notes.get(callId);
      notes.delete(callId);
      return note;
    },

    setMode(next) {
      if (!isPermissionMode(next)) return { ok: false, reason: `unknown mode ${JSON.stringify(next)}` };
      mode = next;
      return { ok: true, mode };
    },

    mode: () => mode,
  };
}
