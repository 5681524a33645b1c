/**
 * `tandem trust [--cwd DIR] [--revoke]`: approves (or forgets) the model and providers a project's
 * `.tandem/config.toml` asks for, for this repository and this exact file. Running it is the consent; a later
 * change to the file needs it again (docs/config.md, "What a project's config may do").
 */
import { join } from "node:path";
import { loadConfig, tandemHome } from "../app/config.ts";
import { describeProjectChoices, revokeProject, trustProject } from "../app/project-trust.ts";
import { UserError } from "../app/user-error.ts";
import { parseCommandArgs, parseDirectory } from "./parse.ts";

export async function trustCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("trust", args, {
    cwd: { type: "string", short: "C" },
    revoke: { type: "boolean" },
  });
  if (positionals.length > 0) throw new UserError("usage: tandem trust [--cwd DIR] [--revoke]");
  const home = tandemHome();
  const cwd = await parseDirectory("--cwd", values.cwd);
  const { project, sources, warnings } = await loadConfig({ home, cwd });
  // What the file tries and may never do (redefine a provider) stays ignored, approved or not.
  for (const warning of warnings) process.stderr.write(`tandem: ${warning}\n`);
  if (values.revoke) {
    const root = project?.root ?? cwd;
    const done = await revokeProject(home, root);
    process.stdout.write(done ? `forgot the approval for ${root}\n` : `no approval recorded for ${root}\n`);
    return 0;
  }
  if (!project) {
    const file = sources.find((s) => s !== join(home, "config.toml"));
    process.stdout.write(
      file
        ? `nothing to approve: ${file} chooses no model or provider of its own\n`
        : `nothing to approve: no .tandem/config.toml in ${cwd} or above it up to the repository root\n`,
    );
    return 0;
  }
  await trustProject(home, project);
  process.stdout.write(
    `approved for ${project.root}: ${describeProjectChoices(project)}\n` +
      `(${project.path}, sha256 ${project.sha256.slice(0, 12)}…; a change to the file will be asked about again; tandem trust --revoke forgets it)\n`,
  );
  return 0;
}
