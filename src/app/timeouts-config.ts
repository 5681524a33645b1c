/** `[timeouts]` and `[providers.x.timeouts]` (seconds in the file) as the clients' milliseconds. */
import type { StreamTimeouts } from "../providers/types.ts";
import type { ConfigFile } from "./config-schema.ts";

type TimeoutsConfig = NonNullable<ConfigFile["timeouts"]>;

/** The config's `[timeouts]` (seconds) as the clients' milliseconds; unset keys keep the defaults. */
export function streamTimeouts(config: { timeouts?: TimeoutsConfig | undefined }): StreamTimeouts {
  const timeouts: StreamTimeouts = {};
  const { first_byte_seconds: firstByte, idle_seconds: idle } = config.timeouts ?? {};
  if (firstByte !== undefined) timeouts.firstByteMs = Math.round(firstByte * 1000);
  if (idle !== undefined) timeouts.idleMs = Math.round(idle * 1000);
  return timeouts;
}
