/** Id generators. Session ids sort by creation time: `20261124T185000-a1b2` (UTC). */

/**
 * `digits` random hex digits. Ids must be unique, not secret, so Math.random (which V8 seeds from the OS) serves:
 * node:crypto takes ~20–50 ms to load, and a session's first id is made before its first model request.
 */
function randomHex(digits: number): string {
  let out = "";
  while (out.length < digits)
    out += Math.floor(Math.random() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, "0");
  return out.slice(0, digits);
}

export function newSessionId(now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, "")
    .replace(/[-:]/g, "");
  return `${stamp}-${randomHex(4)}`;
}

/** Ids of session entries and history items: short, random, unique within a session. */
export function newEntryId(): string {
  return randomHex(8);
}

/** Session ids as accepted for `resume`: no path separators, so an id can never leave the sessions dir. */
export function isValidSessionId(id: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(id);
}
