/**
 * Rules for commands that change more than file contents: permissions and owners (which checkpoints do not
 * restore beyond the executable bit), the system clock and host name, and the few reading tools whose
 * operands or commands write (`xxd IN OUT`, `less +!cmd`).
 */
import type { CommandRule, RuleContext } from "./rule-types.ts";
import { anyBeyondWorkspace } from "./rule-types.ts";

/** True when a chmod mode takes read permission away from the owner (`000`, `a-rwx`, `u=`, `-r`). */
function removesOwnerRead(mode: string): boolean {
  if (/^[0-7]+$/.test(mode)) {
    const digits = mode.padStart(3, "0");
    return (Number(digits[digits.length - 3]) & 4) === 0;
  }
  return mode.split(",").some((clause) => {
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!m) return false;
    const [, who = "", op, perms = ""] = m;
    const owner = who === "" || who.includes("u") || who.includes("a");
    if (!owner) return false;
    return (op === "-" && perms.includes("r")) || (op === "=" && !perms.includes("r"));
  });
}

const recursive = (ctx: RuleContext) => ctx.parsed.short.has("R") || ctx.parsed.long.has("recursive");

export const SYSTEM_RULES: CommandRule[] = [
  {
    name: "permission-wipe",
    commands: ["chmod"],
    when: (ctx) => recursive(ctx) && removesOwnerRead(ctx.parsed.operands[0]?.text ?? ""),
    risk: "destructive",
    reason: "chmod -R: takes read permission away from a whole tree (checkpoints do not restore modes)",
    examples: ["chmod -R 000 .", "chmod -R a-rwx src", "chmod -R u=,go= .", "chmod -R 0 src"],
    notExamples: ["chmod -R u+w src", "chmod -R 755 bin", "chmod -R go-rwx secrets", "chmod 000 a.txt"],
  },
  {
    name: "owner-change-recursive",
    commands: ["chown", "chgrp", "setfacl"],
    when: recursive,
    risk: "destructive",
    reason: "recursive owner or ACL change: checkpoints cannot restore it, and undoing it may need root",
    examples: ["chown -R nobody .", "chgrp -R nogroup src", "setfacl -R -b .", "setfacl -R -m u:x:0 src"],
    notExamples: ["chown me a.txt"],
  },
  {
    name: "acl-change",
    commands: ["setfacl"],
    risk: "write",
    reason: "setfacl: changes a file's access control list",
    examples: ["setfacl -m u:bob:r a.txt"],
  },
  {
    name: "acl-read",
    commands: ["getfacl"],
    risk: "read-only",
    reason: "getfacl: prints access control lists",
    examples: ["getfacl a.txt"],
  },
  {
    name: "system-clock-set",
    commands: ["date"],
    anyFlag: ["-s", "--set"],
    risk: "destructive",
    reason: "date -s: sets the system clock",
    examples: ["date -s '2020-01-01'", "date --set=tomorrow"],
    notExamples: ["date +%s", "date -d yesterday"],
  },
  {
    name: "hostname-set",
    commands: ["hostname"],
    when: (ctx) => ctx.parsed.operands.length > 0 || ctx.parsed.short.has("F") || ctx.parsed.long.has("file"),
    risk: "destructive",
    reason: "hostname NAME: renames the machine",
    examples: ["hostname evil", "hostname -F /tmp/name"],
    notExamples: ["hostname", "hostname -f"],
  },
  {
    name: "xxd-output",
    commands: ["xxd"],
    when: (ctx) => ctx.parsed.operands.length >= 2,
    risk: "write",
    reason: "xxd IN OUT: writes OUT",
    examples: ["xxd a.bin a.hex", "xxd -r a.hex a.bin"],
    notExamples: ["xxd a.bin"],
  },
  {
    name: "xxd-output-outside",
    commands: ["xxd", "uniq"],
    when: (ctx) =>
      ctx.parsed.operands.length >= 2 && anyBeyondWorkspace(ctx, ctx.parsed.operands.slice(1, 2)),
    risk: "destructive",
    reason: "xxd/uniq IN OUT: writes OUT outside the workspace",
    examples: ["xxd -r a.hex ~/.bashrc", "uniq in.txt /etc/hosts"],
    notExamples: ["xxd a.bin a.hex"],
  },
  {
    name: "user-config-write",
    commands: ["go"],
    when: (ctx) =>
      ctx.parsed.operands[0]?.text === "env" && (ctx.parsed.short.has("w") || ctx.parsed.short.has("u")),
    risk: "destructive",
    reason: "go env -w: writes the user's go configuration outside the workspace",
    examples: ["go env -w GOPROXY=http://evil"],
    notExamples: ["go env GOPATH"],
  },
  {
    name: "environment-remove",
    commands: ["conda", "mamba", "micromamba", "poetry", "pdm", "pipenv"],
    when: (ctx) => {
      const w = ctx.parsed.operands.map((a) => a.text);
      return (
        (w[0] === "env" && ["remove", "delete", "rm"].includes(w[1] ?? "")) ||
        (w[0] === "remove" && ctx.parsed.long.has("all")) ||
        ctx.parsed.long.has("rm")
      );
    },
    risk: "destructive",
    reason: "deletes a virtual environment (outside the workspace)",
    examples: [
      "conda env remove -n ml",
      "poetry env remove python3.11",
      "conda remove -n ml --all",
      "pipenv --rm",
    ],
    notExamples: ["conda env list", "poetry env info"],
  },
  {
    // Only moving and searching: anything else (`!cmd`, `|cmd`, `s file`, `v`) can run a program or write.
    name: "pager-commands",
    commands: ["less", "more", "zless"],
    when: (ctx) =>
      ctx.args.some(
        (a) => a.text.startsWith("+") && !/^\+([FGgq]|\d+[gG%pP]?|[/?][^!|]*|\d*[jkGg])?$/.test(a.text),
      ),
    risk: "unknown",
    reason: "less +COMMAND: an initial command that can run a program or write a file",
    examples: ["less '+!rm -rf x' a.txt", "less '+|sh' a.txt", "more '+s out.txt' a.txt"],
    notExamples: ["less +F app.log", "less +G a.txt", "less +/error a.txt", "more +10 a.txt"],
  },
];
