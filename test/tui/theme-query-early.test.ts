/**
 * The background query goes out early (before the UI's modules load, while config.toml is read), so its wait
 * overlaps the start: loading keeps the process busy past the query's timeout, and a reply that arrived
 * meanwhile must still be read, not dropped for the timeout; config's theme still wins over the answer.
 */
import { once } from "node:events";
import { connect, createServer, type Socket } from "node:net";
import { expect, it } from "vitest";
import { detectTheme, queryBackground } from "../../src/tui/theme.ts";

/** Two ends of a real local socket, so input arrives through the event loop's I/O poll as a terminal's does. */
async function socketPair(): Promise<{ ours: Socket; terminal: Socket; close(): void }> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  const accepted = once(server, "connection");
  const ours = connect(address.port, "127.0.0.1");
  await once(ours, "connect");
  const [terminal] = (await accepted) as [Socket];
  return {
    ours,
    terminal,
    close() {
      ours.destroy();
      terminal.destroy();
      server.close();
    },
  };
}

const busy = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // The UI's modules loading: nothing else runs.
  }
};

it("reads a reply that came while the process was busy past the timeout", async () => {
  const pair = await socketPair();
  try {
    pair.ours.setEncoding("utf8");
    const theme = queryBackground({
      write: () => {
        // A light background's answer, then DA1's.
        pair.terminal.write("\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?62;22c");
      },
      onData: (listener) => {
        pair.ours.on("data", listener);
        return () => pair.ours.off("data", listener);
      },
      timeoutMs: 30,
    });
    busy(150);
    expect(await theme).toBe("light");
  } finally {
    pair.close();
  }
});

it("still gives up after the timeout when nothing came", async () => {
  const pair = await socketPair();
  try {
    pair.ours.setEncoding("utf8");
    const started = Date.now();
    const theme = await queryBackground({
      write: () => undefined,
      onData: (listener) => {
        pair.ours.on("data", listener);
        return () => pair.ours.off("data", listener);
      },
      timeoutMs: 30,
    });
    expect(theme).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
  } finally {
    pair.close();
  }
});

it("asks the terminal while config.toml is read; a theme in config wins once the query has settled", async () => {
  const order: string[] = [];
  const detected = await detectTheme({
    env: {},
    configTheme: async () => {
      await new Promise((r) => setTimeout(r, 20));
      order.push("config read");
      return "dark";
    },
    query: async () => {
      order.push("asked");
      await new Promise((r) => setTimeout(r, 60));
      order.push("answered");
      return "light";
    },
  });
  expect(detected).toEqual({ theme: "dark", source: "config" });
  // Asked before config was read; not returned before the answer, as the query still reads stdin till then.
  expect(order).toEqual(["asked", "config read", "answered"]);
});
