import { mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createFaultProxy, type FaultProxy, type StreamAddress } from "./tcp-proxy.js";

/** An echo server that records what it received and how many connections it saw. */
async function echoServer(listen: StreamAddress) {
  const seen = { connections: 0, bytes: 0 };
  const server: Server = createServer((sock) => {
    seen.connections++;
    sock.on("data", (b) => {
      seen.bytes += b.length;
      sock.write(b);
    });
    sock.on("error", () => undefined);
  });
  await new Promise<void>((r) =>
    "path" in listen ? server.listen(listen.path, r) : server.listen(listen.port, listen.host, r),
  );
  const a = server.address();
  const address: StreamAddress = a && typeof a === "object" ? { host: a.address, port: a.port } : listen;
  return { server, seen, address };
}

const until = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
};

function dial(a: StreamAddress): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s =
      "path" in a ? createConnection({ path: a.path }) : createConnection({ host: a.host, port: a.port });
    s.once("connect", () => resolve(s));
    s.once("error", reject);
  });
}

function collect(s: Socket) {
  const got: Buffer[] = [];
  s.on("data", (b: Buffer) => got.push(b));
  return () => Buffer.concat(got).toString();
}

describe("fault proxy", () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });
  const start = async (listen: StreamAddress, target: StreamAddress): Promise<FaultProxy> => {
    const proxy = createFaultProxy({ listen, target });
    await proxy.start();
    cleanup.push(() => proxy.stop());
    return proxy;
  };

  it("relays, black-holes both directions while cut, and delivers what was held at the heal", async () => {
    const echo = await echoServer({ host: "127.0.0.1", port: 0 });
    cleanup.push(() => new Promise<void>((r) => echo.server.close(() => r())));
    const proxy = await start({ host: "127.0.0.1", port: 0 }, echo.address);
    const sock = await dial(proxy.address);
    cleanup.push(() => void sock.destroy());
    const text = collect(sock);
    sock.write("one;");
    await until(() => text() === "one;");

    proxy.cut();
    sock.write("two;");
    // The proxy holds the bytes it read; the server never sees them while the cut lasts.
    await until(() => proxy.stats().bytesHeld > 0);
    expect(echo.seen.bytes).toBe(4);
    expect(text()).toBe("one;");
    expect(sock.destroyed).toBe(false);

    proxy.heal();
    await until(() => text() === "one;two;");
    expect(echo.seen.bytes).toBe(8);
    expect(proxy.stats()).toMatchObject({
      accepted: 1,
      cuts: 1,
      acceptedWhileCut: 0,
      bytesUp: 8,
      bytesDown: 8,
    });
  });

  it("stalls connections made during a cut and connects them to the target at the heal", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pmx-"));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const echo = await echoServer({ host: "127.0.0.1", port: 0 });
    cleanup.push(() => new Promise<void>((r) => echo.server.close(() => r())));
    // Unix socket in front of TCP: the partition drill's inbound side.
    const proxy = await start({ path: join(dir, "w.sock") }, echo.address);
    proxy.cut();
    const sock = await dial({ path: join(dir, "w.sock") });
    cleanup.push(() => void sock.destroy());
    const text = collect(sock);
    sock.write("hello");
    await until(() => proxy.stats().bytesHeld === 5);
    expect(proxy.stats().acceptedWhileCut).toBe(1);
    expect(echo.seen.connections).toBe(0);

    proxy.heal();
    await until(() => text() === "hello");
    expect(echo.seen.connections).toBe(1);
  });

  it("holds a close made during the cut and delivers it at the heal", async () => {
    const echo = await echoServer({ host: "127.0.0.1", port: 0 });
    cleanup.push(() => new Promise<void>((r) => echo.server.close(() => r())));
    const ends: string[] = [];
    echo.server.on("connection", (s) => s.on("end", () => ends.push("end")));
    const proxy = await start({ host: "127.0.0.1", port: 0 }, echo.address);
    const sock = await dial(proxy.address);
    const text = collect(sock);
    sock.write("x");
    await until(() => text() === "x");
    proxy.cut();
    sock.end();
    await until(() => proxy.stats().closesHeld === 1);
    expect(ends).toEqual([]);
    proxy.heal();
    await until(() => ends.length === 1);
  });

  it("holds a reset from the target during the cut: the dialer sees it only at the heal", async () => {
    const echo = await echoServer({ host: "127.0.0.1", port: 0 });
    cleanup.push(() => new Promise<void>((r) => echo.server.close(() => r())));
    let serverSide: Socket | undefined;
    echo.server.on("connection", (sock) => {
      serverSide = sock;
    });
    const proxy = await start({ host: "127.0.0.1", port: 0 }, echo.address);
    const sock = await dial(proxy.address);
    cleanup.push(() => void sock.destroy());
    sock.on("error", () => undefined);
    const text = collect(sock);
    sock.write("x");
    await until(() => text() === "x" && serverSide !== undefined);
    let closed = false;
    sock.on("close", () => {
      closed = true;
    });
    proxy.cut();
    serverSide?.resetAndDestroy();
    await until(() => proxy.stats().closesHeld === 1);
    expect(closed).toBe(false);
    proxy.heal();
    await until(() => closed);
  });
});
