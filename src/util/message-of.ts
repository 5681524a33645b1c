/**
 * The message of anything thrown, for a line the user or the model reads: an error's `message` (also an
 * error-like object from another realm or a library that throws plain objects), else its string form (a
 * thrown string or number). Never throws.
 */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string")
    return error.message;
  try {
    return String(error);
  } catch {
    // An object whose toString throws, or a null-prototype object: say what it was rather than fail again.
    return Object.prototype.toString.call(error);
  }
}
