/** `tandem sandbox [--mode M] [--network] [--cwd DIR] -- CMD [ARGS…]`: runs one command in the OS sandbox. */
import { loadConfig, tandemHome } from "../app/config.ts";
import { providerKeyNames } from "../app/provider-keys.ts";
import { UserError } from "../app/user-error.ts";
import { runSandboxed } from "../sandbox/index.ts";
import { SANDBOX_MODES, type SandboxMode } from "../sandbox/types.ts";
import { scrubEnv } from "../tools/env-scrub.ts";
import { parseCommandArgs, parseDirectory } from "./parse.ts";

export async function sandboxCommand(args: string[]): Promise<number> {
  const split = args.indexOf("--");
  const own = split >= 0 ? args.slice(0, split) : args;
  const command = split >= 0 ? args.slice(split + 1) : [];
  const { values, positionals } = parseCommandArgs("sandbox", own, {
    mode: { type: "string" },
    network: { type: "boolean" },
    cwd: { type: "string", short: "C" },
  });
  if (positionals.length > 0 || command.length === 0) {
    throw new UserError("usage: tandem sandbox [--mode M] [--network] [--cwd DIR] -- CMD [ARGS…]");
  }
  const mode = (values.mode ?? "workspace-write") as SandboxMode;
  if (!SANDBOX_MODES.includes(mode)) throw new UserError(`--mode must be one of ${SANDBOX_MODES.join(", ")}`);
  const workspace = await parseDirectory("--cwd", values.cwd);
  const home = tandemHome();
  // The command sees what a model-run command would: no keys, no connection-string passwords.
  const { config } = await loadConfig({ home, cwd: workspace });
  const env = scrubEnv(process.env, {}, { keyNames: providerKeyNames(config) });
  try {
    return await runSandboxed(command, {
      mode,
      workspace,
      network: values.network === true,
      tandemHome: home,
      env,
    });
  } catch (error) {
    if (error instanceof Error && error.name === "SandboxUnavailableError")
      throw new UserError(error.message);
    throw error;
  }
}
