/**
 * Which file each setting of a merged config came from, for `tandem config`. Read off the values rather than
 * the merge rules, so a setting added to the schema later is attributed without changing this file.
 */
import type { ConfigFile } from "./config-schema.ts";

/** Listed on their own (`tandem models`, the key list), not as settings. */
const NOT_SETTINGS = new Set(["providers", "models"]);

/** Every setting as `dotted.path → value`; tables are entered, arrays and scalars are values. */
export function configLeaves(config: ConfigFile | undefined): Map<string, unknown> {
  const leaves = new Map<string, unknown>();
  const walk = (value: unknown, path: string) => {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) walk(inner, path ? `${path}.${key}` : key);
    } else if (value !== undefined) leaves.set(path, value);
  };
  for (const [key, value] of Object.entries(config ?? {})) if (!NOT_SETTINGS.has(key)) walk(value, key);
  return leaves;
}

/**
 * A setting is the project's when the project file holds that value at that path (it was applied), else the
 * user's. `merged` is the user's config with the project's applied.
 */
export function settingOrigins(
  merged: ConfigFile | undefined,
  userPath: string,
  project?: ConfigFile,
  projectPath?: string,
): Record<string, string> {
  const fromProject = configLeaves(project);
  const origins: Record<string, string> = {};
  for (const [path, value] of configLeaves(merged)) {
    const same = projectPath && JSON.stringify(fromProject.get(path)) === JSON.stringify(value);
    origins[path] = same ? projectPath : userPath;
  }
  return origins;
}
