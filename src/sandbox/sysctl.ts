/** Reading kernel settings under /proc/sys, for the sandbox probe's diagnosis and its cache key. */
import { readFileSync } from "node:fs";

/** Reads a sysctl under /proc/sys, e.g. `kernel/unprivileged_userns_clone`; undefined when absent. */
export type SysctlReader = (name: string) => string | undefined;

export const readSysctl: SysctlReader = (name) => {
  try {
    return readFileSync(`/proc/sys/${name}`, "utf8").trim();
  } catch {
    return undefined;
  }
};
