/**
 * `X --version` / `X --help` print and exit, whatever X is; the short and bare-word forms only where they mean
 * that (`shutdown -h` halts, `sh -h` is an option, `rm version` deletes a file named version).
 */
import type { CommandRule } from "./rule-types.ts";

const SHORT_FLAG_ACTS = new Set([
  "shutdown",
  "halt",
  "poweroff",
  "reboot",
  "sh",
  "bash",
  "dash",
  "zsh",
  "ksh",
]);
/** Commands whose `version`/`help` operand is a subcommand that prints. */
const VERSION_SUBCOMMAND = new Set([
  "git",
  "go",
  "cargo",
  "npm",
  "pnpm",
  "yarn",
  "bun",
  "deno",
  "docker",
  "podman",
  "kubectl",
  "helm",
  "terraform",
  "tofu",
  "gh",
  "pip",
  "pip3",
  "poetry",
  "uv",
  "conda",
  "dotnet",
  "rustup",
]);

export const VERSION_RULES: CommandRule[] = [
  {
    name: "version-query",
    commands: ["*"],
    when: (ctx) => {
      const word = ctx.args.length === 1 && ctx.args[0]?.literal ? (ctx.args[0]?.text ?? "") : "";
      if (word === "--version" || word === "--help") return true;
      // Short flags mean something else for a few (`shutdown -h` halts, `sh -h` is an option); a bare
      // `version` is an operand for most (`rm version` deletes a file named version).
      if (["-V", "-v", "-h"].includes(word)) return !SHORT_FLAG_ACTS.has(ctx.name);
      return (word === "version" || word === "help") && VERSION_SUBCOMMAND.has(ctx.name);
    },
    risk: "read-only",
    reason: "prints version or help",
    examples: ["node --version", "python3 --version", "tsc -v", "cargo --version", "go version", "rm --help"],
    notExamples: ["rm version", "dropdb help", "shutdown -h", "userdel version"],
  },
];
