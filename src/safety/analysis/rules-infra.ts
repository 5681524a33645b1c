/** Rules for infrastructure, cloud, containers, databases and the machine itself. */
import type { CommandRule, RuleContext } from "./rule-types.ts";

const words = (ctx: RuleContext) => ctx.parsed.operands.map((a) => a.text);
const first = (ctx: RuleContext) => words(ctx)[0] ?? "";
const hasOperand = (ctx: RuleContext, re: RegExp) => words(ctx).some((w) => re.test(w));

const SQL_DESTRUCTIVE =
  /\b(drop\s+(table|database|schema|index|view|user|role|collection|owned)|truncate\b|delete\s+from|alter\s+table\s+\S+\s+drop|flushall|flushdb|dropdatabase|deletemany)\b|\.drop\s*\(|\.remove\s*\(/i;
const SQL_READ =
  /^\s*(select|show|explain|describe|desc|pragma|with\s[\s\S]*\bselect|\\(d[a-zA-Z+]*|l\+?|conninfo|x|timing|encoding|pset)|\.(tables|schema|indexes|indices|headers|mode|dbinfo|databases|show|help|width|fullschema|dump|print|stats|timer|eqp|nullvalue|separator|changes|lint))(\s|$|;|\()/i;
/**
 * Words that make even a SELECT write or run something: `SELECT … INTO`, writable CTEs, `pg_*`/`lo_export`
 * server functions, `nextval`, MySQL `INTO OUTFILE`, `LOAD_FILE`.
 */
const SQL_WRITES =
  /\b(insert|update|delete|merge|upsert|replace|create|alter|drop|truncate|grant|revoke|copy|into|call|do|vacuum|reindex|cluster|lock|attach|detach|load|import|lo_export|lo_import|lo_unlink|pg_\w+|setval|nextval|dblink\w*|sys_exec|sys_eval|load_file|outfile|dumpfile)\b/i;

/** The SQL (or database shell code) a client runs, from its options, operands or stdin. */
function databaseCode(ctx: RuleContext): string | undefined {
  const parts: string[] = [];
  const p = ctx.parsed;
  const push = (v: string | undefined) => {
    if (v !== undefined) parts.push(v);
  };
  if (ctx.name === "psql") push(p.shortValues.get("c") ?? p.long.get("command"));
  if (ctx.name === "mysql" || ctx.name === "mariadb") push(p.shortValues.get("e") ?? p.long.get("execute"));
  if (ctx.name === "sqlite3" || ctx.name === "duckdb") parts.push(...words(ctx).slice(1));
  if (ctx.name === "mongosh" || ctx.name === "mongo") push(p.long.get("eval"));
  if (ctx.name === "redis-cli") parts.push(words(ctx).join(" "));
  if (ctx.name === "clickhouse-client") push(p.shortValues.get("q") ?? p.long.get("query"));
  if (ctx.stdin?.kind === "heredoc") parts.push(ctx.stdin.text);
  if (ctx.stdin?.kind === "herestring") parts.push(ctx.stdin.arg.text);
  const code = parts.join(";\n").trim();
  return code === "" ? undefined : code;
}

const CLOUD_READS =
  /^(ls|list|describe|show|get-.*|describe-.*|list-.*|get-caller-identity|cat|du|stat|hash)$/;
/** Verbs that change something, wherever they appear among a cloud CLI's words. */
const CLOUD_CHANGES =
  /^(rm|rb|delete|destroy|remove|purge|terminate|create|update|set|add|deploy|run|start|stop|restart|reset|resize|import|export|ssh|scp|cp|mv|sync|copy|move|attach|detach|enable|disable|apply|patch|replace|submit|invoke|exec|execute|upload|download|login|logout|init|configure|write|put|post|rollback|cancel|approve|connect|generate|rotate)$|^(delete|terminate|remove|deregister|purge|create|update|put|modify|set|start|stop|reboot|run|invoke|send|import|export|copy|restore|enable|disable|attach|detach|associate|disassociate|register|authorize|revoke|tag|untag)-/;

const DB_CLIENTS = [
  "psql",
  "mysql",
  "mariadb",
  "sqlite3",
  "duckdb",
  "mongosh",
  "mongo",
  "redis-cli",
  "clickhouse-client",
];

export const INFRA_RULES: CommandRule[] = [
  {
    name: "sql-destructive",
    commands: DB_CLIENTS,
    when: (ctx) => SQL_DESTRUCTIVE.test(databaseCode(ctx) ?? ""),
    risk: "destructive",
    reason: "database client runs DROP/TRUNCATE/DELETE",
    examples: [
      "psql -c 'DROP TABLE users'",
      'mysql -e "DROP DATABASE prod"',
      "sqlite3 app.db 'DELETE FROM users'",
      "redis-cli FLUSHALL",
    ],
    notExamples: ["psql -c 'SELECT 1'"],
  },
  {
    name: "sql-read",
    commands: DB_CLIENTS,
    when: (ctx) => {
      const code = databaseCode(ctx);
      if (code === undefined) return false;
      if (SQL_WRITES.test(code)) return false;
      return code.split(/;|\n/).every((s) => s.trim() === "" || SQL_READ.test(s));
    },
    risk: "read-only",
    reason: "database client runs queries only",
    examples: ["psql -c 'SELECT count(*) FROM users'", "sqlite3 app.db '.tables'", "psql -c '\\dt'"],
    notExamples: [
      "sqlite3 app.db '.shell rm -rf x'",
      "psql -c '\\copy t to out.csv'",
      "psql -c 'SELECT * INTO backup FROM users'",
      "psql -c 'SELECT pg_terminate_backend(1)'",
      "mysql -e \"SELECT * FROM t INTO OUTFILE '/tmp/x'\"",
      "sqlite3 app.db '.output out.txt'",
    ],
  },
  {
    name: "drop-database-tool",
    commands: ["dropdb", "dropuser", "mysqladmin"],
    when: (ctx) => ctx.name !== "mysqladmin" || hasOperand(ctx, /^drop$/i),
    risk: "destructive",
    reason: "drops a database or user",
    examples: ["dropdb myapp", "mysqladmin drop prod"],
  },
  {
    name: "terraform-destroy",
    commands: ["terraform", "tofu", "pulumi", "cdk", "sst"],
    when: (ctx) =>
      first(ctx) === "destroy" ||
      ctx.args.some((a) => a.text === "-destroy" || a.text === "--destroy") ||
      (first(ctx) === "state" && words(ctx)[1] === "rm"),
    risk: "destructive",
    reason: "terraform destroy: deletes infrastructure",
    examples: [
      "terraform destroy",
      "terraform apply -destroy -auto-approve",
      "pulumi destroy --yes",
      "tofu destroy",
    ],
  },
  {
    name: "terraform-read",
    commands: ["terraform", "tofu"],
    when: (ctx) =>
      ["validate", "show", "output", "graph", "version"].includes(first(ctx)) ||
      (first(ctx) === "providers" && ["", "schema"].includes(words(ctx)[1] ?? "")) ||
      (first(ctx) === "state" && ["list", "show"].includes(words(ctx)[1] ?? "")),
    risk: "read-only",
    reason: "terraform: reads state or plans",
    examples: ["terraform validate", "terraform state list", "terraform providers"],
    notExamples: ["terraform providers lock", "terraform providers mirror ../mirror"],
  },
  {
    name: "terraform-workspace-write",
    commands: ["terraform", "tofu"],
    // plan reads data sources, and an `external` data source runs whatever program the configuration names.
    when: (ctx) => ["init", "fmt", "get", "plan"].includes(first(ctx)),
    risk: "write",
    reason: "terraform init/fmt/plan: writes .terraform, formats files, or runs the configuration's programs",
    examples: ["terraform init", "terraform fmt", "terraform plan"],
  },
  {
    name: "cluster-delete",
    commands: ["kubectl", "oc", "helm", "kind", "minikube", "eksctl", "k3d"],
    when: (ctx) =>
      ["delete", "drain", "uninstall", "destroy"].includes(first(ctx)) ||
      (ctx.name === "kubectl" && first(ctx) === "replace" && ctx.parsed.long.has("force")),
    risk: "destructive",
    reason: "kubectl delete/helm uninstall: deletes cluster resources",
    examples: [
      "kubectl delete pod x",
      "kubectl -n prod delete deployment api",
      "helm uninstall myrelease",
      "kind delete cluster",
    ],
  },
  {
    name: "cluster-read",
    commands: ["kubectl", "oc", "helm"],
    when: (ctx) =>
      [
        "get",
        "describe",
        "logs",
        "explain",
        "version",
        "top",
        "api-resources",
        "list",
        "status",
        "history",
        "show",
        "template",
        "lint",
        "cluster-info",
      ].includes(first(ctx)) ||
      (first(ctx) === "config" && ["view", "get-contexts", "current-context"].includes(words(ctx)[1] ?? "")),
    risk: "read-only",
    reason: "cluster query",
    examples: ["kubectl get pods -A", "kubectl logs deploy/api", "helm list"],
  },
  {
    name: "cloud-delete",
    commands: [
      "aws",
      "gcloud",
      "az",
      "doctl",
      "gsutil",
      "heroku",
      "fly",
      "flyctl",
      "vercel",
      "netlify",
      "firebase",
      "supabase",
      "wrangler",
      "railway",
    ],
    when: (ctx) =>
      hasOperand(
        ctx,
        /^(rm|rb|delete|destroy|remove|purge|terminate|apps:destroy|pg:reset|reset|wipe)$|^(delete|terminate|remove|deregister|purge)-/,
      ) ||
      (first(ctx) === "s3" && words(ctx)[1] === "sync" && ctx.parsed.long.has("delete")),
    risk: "destructive",
    reason: "cloud CLI deletes remote resources",
    examples: [
      "aws s3 rm s3://bucket --recursive",
      "aws s3 rb s3://b --force",
      "aws ec2 terminate-instances --instance-ids i-1",
      "gcloud compute instances delete vm1",
      "gsutil rm -r gs://b",
      "supabase db reset",
      "heroku apps:destroy myapp",
    ],
  },
  {
    name: "cloud-read",
    commands: ["aws", "gcloud", "az", "doctl", "gsutil"],
    when: (ctx) => {
      if (hasOperand(ctx, CLOUD_CHANGES)) return false;
      // aws SERVICE OPERATION and gsutil VERB name the action at a fixed place; any other word is data (a
      // bucket, a key, a tag) and says nothing about what runs. `s3api get-object` writes its outfile.
      const w = words(ctx);
      if (ctx.name === "aws") return CLOUD_READS.test(w[1] ?? "") && !/^get-object/.test(w[1] ?? "");
      if (ctx.name === "gsutil") return CLOUD_READS.test(w[0] ?? "");
      return hasOperand(ctx, CLOUD_READS);
    },
    risk: "read-only",
    reason: "cloud CLI query",
    examples: ["aws s3 ls s3://bucket", "aws sts get-caller-identity", "gcloud compute instances list"],
    notExamples: [
      "aws s3 cp ~/.ssh/id_rsa s3://b/ls",
      "aws s3api get-object --bucket b --key k out.bin",
      "gsutil cp gs://b/x ls",
      "gcloud compute instances create vm --metadata=list",
    ],
  },
  {
    name: "gh-delete",
    commands: ["gh", "glab"],
    when: (ctx) =>
      hasOperand(ctx, /^(delete|remove|archive)$/) ||
      (first(ctx) === "api" &&
        ctx.args.some((a) => /^(-X|--method)$/.test(a.text)) &&
        hasOperand(ctx, /^DELETE$/i)),
    risk: "destructive",
    reason: "gh ... delete: deletes a repository, release or other remote resource",
    examples: ["gh repo delete owner/repo --yes", "gh release delete v1.0", "gh api -X DELETE repos/o/r"],
  },
  {
    name: "gh-read",
    commands: ["gh", "glab"],
    when: (ctx) =>
      ["view", "list", "status", "diff", "checks", "search", "browse"].includes(words(ctx)[1] ?? "") ||
      ["status", "search", "--version"].includes(first(ctx)),
    risk: "read-only",
    reason: "gh query",
    examples: ["gh pr view 12", "gh issue list", "gh pr checks"],
  },
  {
    name: "container-delete",
    commands: ["docker", "podman", "nerdctl"],
    when: (ctx) => {
      const w = words(ctx);
      return (
        ["rm", "rmi"].includes(w[0] ?? "") ||
        w.includes("prune") ||
        (["volume", "image", "container", "network", "system"].includes(w[0] ?? "") &&
          ["rm", "remove", "prune"].includes(w[1] ?? "")) ||
        (w[0] === "compose" &&
          w.includes("down") &&
          (ctx.parsed.short.has("v") || ctx.parsed.long.has("volumes")))
      );
    },
    risk: "destructive",
    reason: "docker rm/prune: deletes containers, images or volumes",
    examples: [
      "docker rm -f web",
      "docker system prune -af",
      "docker volume rm data",
      "docker compose down -v",
    ],
  },
  {
    name: "container-read",
    commands: ["docker", "podman", "nerdctl"],
    when: (ctx) =>
      [
        "ps",
        "images",
        "logs",
        "inspect",
        "version",
        "info",
        "stats",
        "top",
        "history",
        "port",
        "diff",
        "search",
      ].includes(first(ctx)) ||
      (["image", "container", "volume", "network", "compose"].includes(first(ctx)) &&
        ["ls", "list", "inspect", "ps", "logs"].includes(words(ctx)[1] ?? "")),
    risk: "read-only",
    reason: "container query",
    examples: ["docker ps -a", "docker images", "docker compose ps"],
  },
  {
    name: "container-build",
    commands: ["docker", "podman", "nerdctl"],
    when: (ctx) =>
      ["build", "pull", "tag"].includes(first(ctx)) ||
      (first(ctx) === "compose" && ["build", "pull"].includes(words(ctx)[1] ?? "")),
    risk: "write",
    reason: "builds or pulls images",
    examples: ["docker build -t app ."],
  },
  {
    name: "framework-db-reset",
    commands: [
      "rails",
      "rake",
      "bin/rails",
      "prisma",
      "artisan",
      "sequelize",
      "knex",
      "typeorm",
      "drizzle-kit",
    ],
    when: (ctx) =>
      hasOperand(
        ctx,
        /^(db:drop|db:reset|db:schema:load|db:purge|migrate:fresh|migrate:reset|db:wipe|db:drop:all|db:migrate:undo:all|schema:drop|drop)$/,
      ) ||
      (first(ctx) === "migrate" && words(ctx)[1] === "reset") ||
      ctx.args.some((a) => a.text === "--force-reset"),
    risk: "destructive",
    reason: "framework command drops or resets the database",
    examples: [
      "rails db:drop",
      "rake db:reset",
      "prisma migrate reset --force",
      "prisma db push --force-reset",
    ],
  },
  {
    name: "machine-power",
    commands: ["shutdown", "reboot", "halt", "poweroff", "userdel", "deluser", "groupdel"],
    risk: "destructive",
    reason: "stops the machine or deletes accounts",
    examples: ["shutdown -h now", "reboot", "userdel bob"],
  },
  {
    name: "crontab-remove",
    commands: ["crontab"],
    anyFlag: ["-r"],
    risk: "destructive",
    reason: "crontab -r: deletes the crontab",
    examples: ["crontab -r"],
  },
  {
    name: "crontab-list",
    commands: ["crontab"],
    anyFlag: ["-l"],
    noFlag: ["-r"],
    risk: "read-only",
    reason: "crontab -l: lists the crontab",
    examples: ["crontab -l"],
  },
];
