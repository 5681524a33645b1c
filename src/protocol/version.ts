/**
 * The version of the event protocol (`session_started.protocol_version`). Bumped when an event changes in a way
 * a consumer written for the previous version would misread; docs/events.md keeps the changelog.
 */
export const PROTOCOL_VERSION = 2;
