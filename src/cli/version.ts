import { readFileSync } from "node:fs";

/**
 * The package version, from the nearest package.json above this file: two folders up from src/cli/ when run
 * from source, one up from the bundle's chunk in dist/ (`npm run build` decides where that is, not this file).
 */
export function version(): string {
  for (let up = "../"; up.length <= 12; up += "../") {
    try {
      const text = readFileSync(new URL(`${up}package.json`, import.meta.url), "utf8");
      return (JSON.parse(text) as { version: string }).version;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  throw new Error("package.json not found above the tandem module");
}
