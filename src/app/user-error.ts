/**
 * An error caused by the user's input or setup (bad flag, bad config, no model). Front ends print its message
 * without a stack trace and exit with code 2.
 */
export class UserError extends Error {
  override name = "UserError";
}
