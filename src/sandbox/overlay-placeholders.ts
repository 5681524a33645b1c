/**
 * An overlay run's placeholders (placeholders.ts): bubblewrap makes the empty mount points of missing protected
 * entries (`.git`, `.tandem`) in the overlay, so they are in the upper folder, and merged they would appear in the
 * workspace. Removed from the upper folder as the command ends, with the folders made only to hold them.
 */
import { lstatSync, readdirSync, rmdirSync, unlinkSync } from "node:fs";
import path from "node:path";
import { relativeInside } from "../util/inside.ts";
import type { SandboxPolicy } from "./policy.ts";

/** Never throws: a placeholder that cannot be removed is merged as an empty entry, as without an overlay. */
export function dropPlaceholders(policy: SandboxPolicy, workspace: string, upper: string): void {
  for (const guard of policy.guards) {
    if (guard.kind !== "block-create") continue;
    const relative = relativeInside(workspace, guard.path);
    if (!relative) continue; // outside, or the workspace itself
    try {
      const placed = path.join(upper, relative);
      const info = lstatSync(placed, { throwIfNoEntry: false });
      if (!info) continue;
      if (info.isDirectory()) {
        if (readdirSync(placed).length > 0) continue;
        rmdirSync(placed);
      } else if (info.isFile() && info.size === 0) unlinkSync(placed);
      else continue;
      // Parents made for it alone: empty in the upper folder and missing from the workspace.
      for (let parent = path.dirname(relative); parent !== "."; parent = path.dirname(parent)) {
        const made = path.join(upper, parent);
        if (lstatSync(path.join(workspace, parent), { throwIfNoEntry: false })) break;
        if (readdirSync(made).length > 0) break;
        rmdirSync(made);
      }
    } catch {
      // left in place
    }
  }
}
