import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isConnectionSecret, isSecretName, scrubEnv } from "../../src/tools/env-scrub.ts";
import { createShellTool } from "../../src/tools/shell.ts";
import { makeContext, makeTempDir, removeDir } from "./tool-support.ts";

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

describe("shell environment", () => {
  it("hides secrets from the command's environment", async () => {
    const shell = createShellTool({
      outputDir: dir,
      baseEnv: {
        PATH: process.env.PATH,
        OPENAI_API_KEY: "sk-fake-openai",
        GH_TOKEN: "ghp_fake",
        MY_SERVICE_SECRET: "s3cret",
        DB_PASSWORD: "hunter2",
        AWS_SECRET_ACCESS_KEY: "aws-fake",
        KEEP_ME: "visible",
      },
    });
    const r = await shell.execute({ command: "env" }, makeContext(dir).ctx);
    expect(r.content).toContain("KEEP_ME=visible");
    for (const secret of ["sk-fake-openai", "ghp_fake", "s3cret", "hunter2", "aws-fake"]) {
      expect(r.content).not.toContain(secret);
    }
  });

  it("hides every configured key variable whatever its name, every copy of its value, and password URLs", async () => {
    const shell = createShellTool({
      outputDir: dir,
      keyNames: ["VENDOR_ACCESS", "UNSET_KEY"],
      baseEnv: {
        PATH: process.env.PATH,
        VENDOR_ACCESS: "vk-plain-name-key",
        ALIAS: "vk-plain-name-key",
        DATABASE_URL: "postgres://app:pg-pass-1@db:5432/app",
        REDIS_URI: "redis://:redis-pass-2@cache:6379",
        SENTRY_DSN: "https://pub:dsn-pass-3@o1.ingest.sentry.io/1",
        HOMEPAGE_URL: "https://user@example.com/",
        KEEP_ME: "visible",
      },
    });
    const r = await shell.execute({ command: "env" }, makeContext(dir).ctx);
    expect(r.content).toContain("KEEP_ME=visible");
    expect(r.content).toContain("HOMEPAGE_URL=https://user@example.com/");
    for (const secret of ["vk-plain-name-key", "pg-pass-1", "redis-pass-2", "dsn-pass-3"]) {
      expect(r.content).not.toContain(secret);
    }
  });

  it("tells connection strings with a password from other URLs", () => {
    expect(isConnectionSecret("DATABASE_URL", "postgres://u:pw@h/db")).toBe(true);
    expect(isConnectionSecret("mongo_uri", "mongodb+srv://u:p%40ss@cluster/x")).toBe(true);
    expect(isConnectionSecret("DATABASE_URL", "postgres://u@h/db")).toBe(false);
    expect(isConnectionSecret("DATABASE_URL", "postgres://h:5432/db")).toBe(false);
    // The value's shape decides, not the name: proxies and names nobody foresaw carry credentials too.
    expect(isConnectionSecret("HTTP_PROXY", "http://user:proxy-pw@proxy:3128")).toBe(true);
    expect(isConnectionSecret("API_BASE", "https://u:pw@h/")).toBe(true);
    expect(isConnectionSecret("GIT_REMOTE", "git@github.com:o/r.git")).toBe(false);
    expect(isConnectionSecret("HOMEPAGE", "https://example.com/a:b@c")).toBe(false);
  });

  it("applies options.env after scrubbing: overrides win, undefined removes", async () => {
    const shell = createShellTool({
      outputDir: dir,
      baseEnv: { PATH: process.env.PATH, DROP_ME: "x" },
      env: { EXTRA: "1", DROP_ME: undefined, DELIBERATE_TOKEN: "user-chose-this" },
    });
    const r = await shell.execute(
      { command: 'echo "$EXTRA/$DROP_ME/$DELIBERATE_TOKEN"' },
      makeContext(dir).ctx,
    );
    expect(r.content).toBe("1//user-chose-this\n[exit code 0]");
  });

  it("matches secret names by pattern and by list", () => {
    expect(isSecretName("ANTHROPIC_API_KEY")).toBe(true);
    expect(isSecretName("google_application_credentials")).toBe(true);
    expect(isSecretName("SOME_VENDOR_TOKEN")).toBe(true);
    expect(isSecretName("PATH")).toBe(false);
    expect(isSecretName("TOKENIZERS_PARALLELISM")).toBe(false);
    expect(scrubEnv({ A: "1", X_API_KEY: "k" })).toEqual({ A: "1" });
  });

  it("spawns the argv returned by wrap", async () => {
    const seen: string[][] = [];
    const shell = createShellTool({
      outputDir: dir,
      wrap: (argv) => {
        seen.push(argv);
        return ["env", "WRAPPED=yes", ...argv];
      },
    });
    const r = await shell.execute({ command: "echo $WRAPPED" }, makeContext(dir).ctx);
    expect(seen).toEqual([["bash", "-c", "echo $WRAPPED"]]);
    expect(r.content).toBe("yes\n[exit code 0]");
  });

  it("reports a wrap that refuses (e.g. the sandbox is unavailable) without running anything", async () => {
    const shell = createShellTool({
      outputDir: dir,
      wrap: () => {
        throw new Error("sandbox unavailable: bwrap missing. Nothing was run.");
      },
    });
    const r = await shell.execute({ command: `touch ${dir}/ran` }, makeContext(dir).ctx);
    expect(r.isError).toBe(true);
    expect(r.content).toBe("Not run: sandbox unavailable: bwrap missing. Nothing was run.");
  });

  it("reports a wrapper that cannot start", async () => {
    const shell = createShellTool({ outputDir: dir, wrap: (argv) => ["/nonexistent/wrapper", ...argv] });
    const r = await shell.execute({ command: "echo hi" }, makeContext(dir).ctx);
    expect(r.isError).toBe(true);
    expect(r.content).toContain("Could not start /nonexistent/wrapper");
  });
});
