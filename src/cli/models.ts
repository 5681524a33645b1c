/** `tandem models`: the catalog, one model a line. */
import { loadConfig, tandemHome } from "../app/config.ts";
import { createModelRegistry } from "../app/models.ts";
import { UserError } from "../app/user-error.ts";
import { snakeKeys } from "../util/snake-keys.ts";
import { parseCommandArgs } from "./parse.ts";

export async function modelsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("models", args, { json: { type: "boolean" } });
  if (positionals.length > 0) throw new UserError("models takes no arguments");
  const { config } = await loadConfig({ home: tandemHome(), cwd: process.cwd() });
  const registry = createModelRegistry({
    config,
    env: process.env,
    createClient: () => {
      throw new Error("not used for listing");
    },
  });
  const models = registry.catalog();
  if (values.json) {
    // snake_case like every key tandem prints (the config file's names: context_window, edit_format, cache_read).
    process.stdout.write(`${JSON.stringify(snakeKeys(models), null, 2)}\n`);
    return 0;
  }
  for (const m of models) {
    const price = m.prices ? `$${m.prices.input}/$${m.prices.output} per M` : "price unknown";
    const ctx = `${Math.round(m.contextWindow / 1000)}k ctx`;
    process.stdout.write(
      `${m.id.padEnd(32)} ${ctx.padEnd(10)} ${price.padEnd(22)} edit: ${m.capabilities.editFormat}\n`,
    );
  }
  return 0;
}
