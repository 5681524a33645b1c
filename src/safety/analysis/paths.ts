/**
 * Where a path operand points relative to the workspace. Checkpoints restore files inside the workspace
 * roots, so what a command does outside them (or somewhere we cannot resolve) is judged more harshly.
 * Scratch locations (/tmp, /var/tmp, /dev/null and the standard streams) count as harmless targets.
 */
import { isAbsolute, resolve } from "node:path";
import { isInside } from "../../util/inside.ts";
import type { Arg } from "./types.ts";

/** `sink`: /dev/null and the standard streams; `scratch`: under /tmp or /var/tmp. */
export type PathPlace = "inside" | "outside" | "scratch" | "sink" | "unresolved";

const DEVICE_SINKS = new Set(["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty", "/dev/zero"]);

export interface PathJudge {
  place(arg: Arg): PathPlace;
}

export function createPathJudge(options: { cwd: string | undefined; roots: readonly string[] }): PathJudge {
  const roots = options.roots.map((r) => resolve(r));
  const within = (abs: string, root: string): boolean => isInside(root, abs);
  return {
    place(arg) {
      if (!arg.literal || arg.text === "{}") return "unresolved";
      const text = arg.text;
      if (DEVICE_SINKS.has(text) || /^\/dev\/fd\/\d+$/.test(text)) return "sink";
      if (!isAbsolute(text) && options.cwd === undefined) return "unresolved";
      const abs = resolve(options.cwd ?? "/", text);
      if (roots.some((root) => within(abs, root))) return "inside";
      if (within(abs, "/tmp") && abs !== "/tmp") return "scratch";
      if (within(abs, "/var/tmp") && abs !== "/var/tmp") return "scratch";
      return "outside";
    },
  };
}
