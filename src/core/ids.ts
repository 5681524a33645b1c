/** Id generators. Session ids sort by creation time: `20261124T185000-a1b2` (UTC). */
import { randomBytes } from "node:crypto";

export function newSessionId(now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, "")
    .replace(/[-:]/g, "");
  return `${stamp}-${randomBytes(2).toString("hex")}`;
}

/** Ids of session entries and history items: short, random, unique within a session. */
export function newEntryId(): string {
  return randomBytes(4).toString("hex");
}

/** Session ids as accepted for `resume`: no path separators, so an id can never leave the sessions dir. */
export function isValidSessionId(id: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(id);
}
