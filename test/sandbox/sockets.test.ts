import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { bwrapArgs } from "../../src/sandbox/bwrap.ts";
import { createSandbox, type Sandbox } from "../../src/sandbox/index.ts";
import { HOST_SOCKETS, type SandboxPolicy } from "../../src/sandbox/policy.ts";
import { makeTempDirs, runIn } from "./helpers.ts";

// A read-only mount does not stop connect() on a unix socket, and a network namespace does not either
// (path sockets are filesystem objects). Sockets like /run/docker.sock or systemd's can start processes
// outside the sandbox, so they are hidden; this test uses a socket of its own through the `hide` option.
describe("unix sockets", () => {
  const dirs = makeTempDirs();
  let server: Server | undefined;
  afterEach(async () => {
    if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    dirs.cleanup();
  });

  async function listen(path: string): Promise<void> {
    server = createServer((socket) => socket.end("daemon says hi\n"));
    await new Promise<void>((resolve) => server?.listen(path, resolve));
  }

  // The client is the system's python3: a real AF_UNIX connect() inside the sandbox. Not this test's own
  // node binary, which may live in a checkout under /tmp that the sandbox's private /tmp hides.
  const client = (path: string) =>
    `import socket,sys\ns=socket.socket(socket.AF_UNIX)\ntry: s.connect(${JSON.stringify(path)})\nexcept OSError: sys.exit(3)\nsys.stdout.write(s.recv(100).decode())`;
  const connect = (sandbox: Sandbox, path: string, cwd: string) =>
    runIn(sandbox, `python3 -c '${client(path)}'`, cwd);

  it("a visible socket is reachable even read-only with network off; a hidden one is not", async () => {
    const ws = dirs.make("ws");
    const sock = join(dirs.make("run"), "daemon.sock");
    await listen(sock);
    const visible = await connect(createSandbox({ workspace: ws, home: ws }), sock, ws);
    expect(visible.stdout).toBe("daemon says hi\n");
    const hidden = await connect(createSandbox({ workspace: ws, home: ws, hide: [sock] }), sock, ws);
    expect(hidden.code).not.toBe(0);
    expect(hidden.stdout).toBe("");
  });

  it("hides the usual daemon sockets by default", () => {
    const ws = dirs.make("ws");
    expect(HOST_SOCKETS).toEqual(expect.arrayContaining(["/run/docker.sock", "/run/systemd", "/run/user"]));
    // Only existing ones are mounted over; whichever exist on this machine must appear in the argv.
    const argv = createSandbox({ workspace: ws, home: ws }).wrap(["true"]).join(" ");
    for (const sock of ["/run/docker.sock", "/run/dbus", "/run/user", "/run/systemd"]) {
      if (existsSync(sock)) expect(argv).toContain(sock);
    }
  });

  it.runIf(existsSync("/run/systemd"))(
    "hides /run/systemd but keeps /run/systemd/resolve (DNS) readable",
    async () => {
      const ws = dirs.make("ws");
      const sandbox = createSandbox({ workspace: ws, home: ws });
      const script = "ls -A /run/systemd; touch /run/systemd/x";
      const r = await runIn(sandbox, script, ws);
      const expected = existsSync("/run/systemd/resolve") ? "resolve\n" : "";
      expect(r.stdout).toBe(expected);
      expect(r.stderr).toMatch(/Read-only file system/);
    },
  );

  it("a kept path inside a hidden folder stays readable while the rest is hidden and read-only", () => {
    const run = dirs.make("run");
    mkdirSync(join(run, "resolve"));
    writeFileSync(join(run, "resolve/stub-resolv.conf"), "nameserver 127.0.0.53\n");
    writeFileSync(join(run, "private"), "socket stand-in\n");
    const policy: SandboxPolicy = {
      mode: "read-only",
      writable: [],
      visible: [],
      guards: [],
      hidden: [{ path: run, type: "dir", keep: [join(run, "resolve")] }],
      secretCandidates: [],
      network: false,
    };
    const script = `ls -A ${run}; cat ${run}/resolve/stub-resolv.conf; touch ${run}/x`;
    const r = spawnSync("bwrap", bwrapArgs(policy, ["bash", "-c", script]), { encoding: "utf8" });
    expect(r.stdout).toBe("resolve\nnameserver 127.0.0.53\n");
    expect(r.stderr).toMatch(/Read-only file system/);
  });
});
