/**
 * A fault-injecting stream proxy (node:net) for the partition drill: it listens on a TCP port or a
 * unix socket path and relays every connection to a target, byte for byte, until it is cut.
 *
 * `cut()` is a black hole, what a dead link looks like to the two ends: nothing they send
 * reaches the other, either way — the proxy keeps reading and holds the bytes (and any FIN or
 * reset) instead of delivering them, so neither end sees a close or an error. New connections are accepted (the
 * dialer's SYN is answered, as a kernel would) but not relayed: their handshake stalls. Nothing is
 * reset, so both ends keep believing the connection is up until their own timeouts say otherwise.
 * `heal()` delivers what was held, in order, as TCP's retransmissions would after the link came
 * back, and relays again; connections accepted during the cut are connected to the target then.
 * An end that gave up during the cut (its own timeout) is closed on the other side at the heal.
 */
import { createConnection, createServer, type Server, type Socket } from "node:net";

/** Where a proxy listens or relays to: a TCP host and port, or a unix socket path. */
export type StreamAddress = { host: string; port: number } | { path: string };

export interface FaultProxyInit {
  /** Where to listen; port 0 picks a free port (see `address` after start). */
  listen: StreamAddress;
  target: StreamAddress;
}

export interface FaultProxyStats {
  /** Connections accepted since start. */
  accepted: number;
  /** Connections relayed now. */
  open: number;
  /** Connections accepted while cut (stalled until the heal). */
  acceptedWhileCut: number;
  /** Bytes relayed towards the target / towards the dialer. */
  bytesUp: number;
  bytesDown: number;
  /** Bytes read during cuts and held (delivered at the heal if the other end was still there). */
  bytesHeld: number;
  /** Closes (FIN) and resets read during cuts and held. */
  closesHeld: number;
  cuts: number;
}

export interface FaultProxy {
  start(): Promise<void>;
  /** Close the listener and every relayed connection. */
  stop(): Promise<void>;
  /** The address actually listened on (after start). */
  readonly address: StreamAddress;
  readonly isCut: boolean;
  cut(): void;
  heal(): void;
  stats(): FaultProxyStats;
}

interface Pipe {
  client: Socket;
  upstream?: Socket;
  /** Held while cut: chunks, then an end or a destroy, per direction. */
  held: { up: (Buffer | "end" | "destroy")[]; down: (Buffer | "end" | "destroy")[] };
  closed: boolean;
}

const connectTo = (a: StreamAddress): Socket =>
  "path" in a
    ? createConnection({ path: a.path, allowHalfOpen: true })
    : createConnection({ host: a.host, port: a.port, allowHalfOpen: true });

/**
 * @example
 * const proxy = createFaultProxy({ listen: { host: "127.0.0.1", port: 0 }, target: { host: "127.0.0.1", port: 4001 } });
 * await proxy.start();
 * proxy.cut(); // black hole
 * proxy.heal();
 */
export function createFaultProxy(init: FaultProxyInit): FaultProxy {
  let server: Server | undefined;
  let address: StreamAddress = init.listen;
  let isCut = false;
  const pipes = new Set<Pipe>();
  const s: FaultProxyStats = {
    accepted: 0,
    open: 0,
    acceptedWhileCut: 0,
    bytesUp: 0,
    bytesDown: 0,
    bytesHeld: 0,
    closesHeld: 0,
    cuts: 0,
  };

  const close = (p: Pipe) => {
    if (p.closed) return;
    p.closed = true;
    pipes.delete(p);
    s.open = pipes.size;
    p.client.destroy();
    p.upstream?.destroy();
  };

  /** Deliver one held or live item in a direction. */
  const deliver = (p: Pipe, dir: "up" | "down", item: Buffer | "end" | "destroy") => {
    const to = dir === "up" ? p.upstream : p.client;
    if (!to || to.destroyed) return;
    if (item === "destroy") close(p);
    else if (item === "end") to.end();
    else {
      if (dir === "up") s.bytesUp += item.length;
      else s.bytesDown += item.length;
      to.write(item);
    }
  };

  const relay = (p: Pipe, from: Socket, dir: "up" | "down") => {
    const on = (item: Buffer | "end" | "destroy") => {
      if (isCut || (dir === "up" && !p.upstream)) {
        if (item instanceof Buffer) s.bytesHeld += item.length;
        else s.closesHeld++;
        p.held[dir].push(item);
      } else deliver(p, dir, item);
    };
    from.on("data", (b: Buffer) => on(b));
    from.on("end", () => on("end"));
    // An orderly close was already relayed by "end"; a reset (or an error) resets the other side.
    from.on("close", (hadError: boolean) => {
      if (hadError) on("destroy");
      if (p.client.destroyed && (!p.upstream || p.upstream.destroyed)) close(p);
    });
    from.on("error", () => undefined);
    // Backpressure: stop reading a fast sender while the other side drains.
    const to = () => (dir === "up" ? p.upstream : p.client);
    from.on("data", () => {
      const t = to();
      if (t?.writableNeedDrain && !from.isPaused()) {
        from.pause();
        t.once("drain", () => from.resume());
      }
    });
  };

  const connectUpstream = (p: Pipe) => {
    const up = connectTo(init.target);
    p.upstream = up;
    // Its errors (a refused connect, a reset) arrive as a "close" with an error, which the relay
    // holds like any other reset while the link is cut.
    relay(p, up, "down");
    // What the dialer sent before the target was connected (or during a cut) goes first.
    const pending = p.held.up.splice(0);
    for (const item of pending) deliver(p, "up", item);
  };

  const onConnection = (client: Socket) => {
    s.accepted++;
    const p: Pipe = { client, held: { up: [], down: [] }, closed: false };
    pipes.add(p);
    s.open = pipes.size;
    relay(p, client, "up");
    client.on("error", () => undefined);
    if (isCut) s.acceptedWhileCut++;
    else connectUpstream(p);
  };

  return {
    get address() {
      return address;
    },
    get isCut() {
      return isCut;
    },
    async start() {
      const srv = createServer({ allowHalfOpen: true, pauseOnConnect: false }, onConnection);
      server = srv;
      await new Promise<void>((resolve, reject) => {
        srv.once("error", reject);
        const done = () => {
          srv.off("error", reject);
          resolve();
        };
        if ("path" in init.listen) srv.listen(init.listen.path, done);
        else srv.listen(init.listen.port, init.listen.host, done);
      });
      const a = srv.address();
      if (a && typeof a === "object") address = { host: a.address, port: a.port };
    },
    async stop() {
      for (const p of [...pipes]) close(p);
      const srv = server;
      server = undefined;
      if (srv) await new Promise<void>((r) => srv.close(() => r()));
    },
    cut() {
      if (isCut) return;
      isCut = true;
      s.cuts++;
    },
    heal() {
      if (!isCut) return;
      isCut = false;
      for (const p of [...pipes]) {
        if (!p.upstream) {
          if (p.client.destroyed) {
            close(p);
            continue;
          }
          connectUpstream(p);
          continue;
        }
        for (const dir of ["up", "down"] as const) {
          const items = p.held[dir].splice(0);
          for (const item of items) deliver(p, dir, item);
        }
      }
    },
    stats: () => ({ ...s }),
  };
}
