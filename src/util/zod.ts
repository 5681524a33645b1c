/**
 * The zod every schema of tandem's own is made with: `zod/mini` (`z.optional(z.string().check(z.minLength(1)))`
 * instead of `z.string().min(1).optional()`). Classic zod binds every method onto every schema it builds and its
 * module alone took ~14 ms to evaluate; with mini, `tandem exec` never loads classic (docs/build.md). A user's
 * tool may still bring classic schemas: tandem parses and converts any zod 4 schema through the functions here
 * (`z.safeParse`, `z.toJSONSchema`), which both kinds share (src/core/tool-lookup.ts).
 *
 * Classic sets zod's English messages with its first schema; mini leaves the locale unset (every message would then
 * read "Invalid input"), so this module sets the same one, once, before any schema of ours can parse: every module
 * with a schema imports `z` from here, never from "zod". Classic also installs zod's memoizer, for values that
 * contain reference cycles; ours parse JSON and TOML, which cannot, so mini goes without it.
 */
import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

config(en());

export { z } from "zod/mini";
