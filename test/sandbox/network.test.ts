import { createServer, type Server } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSandbox } from "../../src/sandbox/index.ts";
import { makeTempDirs, runIn } from "./helpers.ts";

describe("network is cut off unless allowed", () => {
  const dirs = makeTempDirs();
  let server: Server;
  let port: number;
  let connections: number;

  beforeEach(async () => {
    connections = 0;
    server = createServer((socket) => {
      connections++;
      socket.end("hello from outside\n");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as { port: number }).port;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    dirs.cleanup();
  });

  const connect = (p: number) => `exec 3<>/dev/tcp/127.0.0.1/${p} && cat <&3`;

  it("cannot reach a TCP server on the host's 127.0.0.1 with network off (default)", async () => {
    const ws = dirs.make("ws");
    const r = await runIn(createSandbox({ workspace: ws, home: ws }), connect(port), ws);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe("");
    expect(connections).toBe(0);
  });

  it("reaches it with network: true", async () => {
    const ws = dirs.make("ws");
    const r = await runIn(createSandbox({ workspace: ws, home: ws, network: true }), connect(port), ws);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("hello from outside\n");
    expect(connections).toBe(1);
  });
});
