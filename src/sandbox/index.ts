/** The OS sandbox: public surface. See docs/sandbox.md. */
export { createSandbox } from "./create.ts";
export { checkSandboxSupport, clearSandboxSupportCache } from "./detect.ts";
export { findOutsideHardLinks, type HardLinkScan, type HardLinkScanOptions } from "./hard-links.ts";
export { type RunSandboxedOptions, runSandboxed } from "./run.ts";
export {
  SANDBOX_MODES,
  type Sandbox,
  type SandboxMode,
  type SandboxOptions,
  type SandboxSupport,
  SandboxUnavailableError,
} from "./types.ts";
