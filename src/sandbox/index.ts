/** The OS sandbox: public surface. See docs/sandbox.md. */
export { createSandbox } from "./create.ts";
export {
  checkSandboxSupport,
  clearSandboxSupportCache,
  knownSandboxSupport,
  probeCacheFile,
  type SandboxProbeOptions,
  sandboxProbeInFlight,
  startSandboxProbe,
  verifySandboxSupport,
} from "./detect.ts";
export type { GitlinkCache } from "./git-index.ts";
export { findOutsideHardLinks, type HardLinkScan, type HardLinkScanOptions } from "./hard-links.ts";
export {
  clearOverlayProbe,
  type OverlayDirs,
  overlayArgv,
  overlayNameable,
  overlaySupported,
  overlaySupportedSync,
  removeOverlayDirs,
} from "./overlay.ts";
export { mergeOverlay, type OverlayMerge } from "./overlay-merge.ts";
export { GIT_DIR_ENTRIES, PROJECT_CONFIG_DIR } from "./protected-paths.ts";
export { protectedReason } from "./protected-reason.ts";
export { type RunSandboxedOptions, runSandboxed } from "./run.ts";
export {
  type OverlayRun,
  type PreparedCommand,
  type PrepareOptions,
  SANDBOX_MODES,
  type Sandbox,
  type SandboxMode,
  type SandboxOptions,
  type SandboxSupport,
  SandboxUnavailableError,
} from "./types.ts";
