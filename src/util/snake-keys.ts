/**
 * camelCase → snake_case for JSON keys: every key on tandem's wire is snake_case (docs/events.md). For records
 * whose keys are field names (a catalog entry, a policy verdict, old session data); a record keyed by data (file
 * paths, user names) must not go through it.
 */

/** `fullOutputPath` → `full_output_path`; a snake_case key is returned as it is (so converting is idempotent). */
export const snakeCase = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A copy of `value` with every object key at any depth in snake_case; arrays and other values kept. */
export function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [snakeCase(key), snakeKeys(inner)]));
}
