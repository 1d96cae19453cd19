/**
 * Put workers behind fault proxies, so that a partition can cut their network while they keep
 * running (the partition drill). Every byte between such a worker and the rest of the mesh
 * crosses one of two proxies:
 *
 * - inbound: the worker listens on a unix socket path (its only listen address, so the only one it
 *   advertises and reports through identify); once it is up, the harness moves that socket aside
 *   and puts a proxy at the advertised path. Whoever dials the worker (the scheduler, verifiers)
 *   reaches it through the proxy. The node config has no announce-address setting, so this is how
 *   the address it advertises comes to point at a proxy without changing the node.
 * - outbound: the worker's bootstrap address (the scheduler) is a TCP proxy in front of the
 *   scheduler's libp2p port, so the connection the worker opens at start goes through it too.
 *
 * `cut` black-holes both proxies of a worker (see tcp-proxy.ts), `heal` restores them. `restore`
 * (once the workers are stopped) puts their original network config back and closes the proxies.
 */
import { mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { multiaddr } from "@multiformats/multiaddr";
import type { DrillMesh } from "../harness/drill-mesh.js";
import { directLinks } from "./socket-table.js";
import { createFaultProxy, type FaultProxy, type FaultProxyStats } from "./tcp-proxy.js";

export interface WorkerLinks {
  worker: string;
  /** In front of the worker's advertised (unix socket) address. */
  inbound: FaultProxy;
  /** In front of the scheduler, the worker's bootstrap address. */
  outbound: FaultProxy;
}

export interface PartitionLinks {
  readonly workers: string[];
  cut(worker: string): void;
  heal(worker: string): void;
  /**
   * Established connections between a worker and the scheduler that bypass the proxies (must be
   * 0 while the worker is cut); undefined where the socket table cannot be read.
   */
  bypasses(worker: string): Promise<number | undefined>;
  stats(worker: string): { inbound: FaultProxyStats; outbound: FaultProxyStats };
  /** Call with the workers stopped: original network config back, proxies closed. */
  restore(): Promise<void>;
}

/**
 * Restart `workers` behind their own proxies (with their journals and keys; a restart the drill
 * makes before any session starts).
 */
export async function routeThroughProxies(mesh: DrillMesh, workers: string[]): Promise<PartitionLinks> {
  // Unix socket paths are limited to ~107 bytes: a short directory of its own.
  const dir = mkdtempSync(join(tmpdir(), "pmx-"));
  const parts = multiaddr(mesh.devnet.scheduler.multiaddrs[0]!).getComponents();
  const part = (name: string) => parts.find((c) => c.name === name)?.value;
  const schedPeer = part("p2p");
  const tcp = { host: part("ip4") ?? "127.0.0.1", port: Number(part("tcp")) };
  const links = new Map<string, WorkerLinks>();
  const originals = new Map<string, unknown>();
  try {
    await Promise.all(
      workers.map(async (name, i) => {
        const outbound = createFaultProxy({
          listen: { host: "127.0.0.1", port: 0 },
          target: { host: tcp.host, port: tcp.port },
        });
        await outbound.start();
        const port = "port" in outbound.address ? outbound.address.port : 0;
        const path = join(dir, `w${i}.sock`);
        await mesh.restartWorker(name, (cfg) => {
          originals.set(name, cfg.network);
          cfg.network = {
            ...(cfg.network as object),
            listen: [`/unix/${encodeURIComponent(path)}`],
            bootstrap: [`/ip4/127.0.0.1/tcp/${port}/p2p/${schedPeer}`],
          };
        });
        // The worker bound `path`: move its socket aside and put the proxy where it was.
        renameSync(path, `${path}.real`);
        const inbound = createFaultProxy({ listen: { path }, target: { path: `${path}.real` } });
        await inbound.start();
        links.set(name, { worker: name, inbound, outbound });
      }),
    );
  } catch (err) {
    for (const l of links.values()) await Promise.all([l.inbound.stop(), l.outbound.stop()]);
    throw err;
  }
  const get = (w: string) => {
    const l = links.get(w);
    if (!l) throw new Error(`${w} is not behind a proxy`);
    return l;
  };
  const pidOf = (w: string) => mesh.devnet.workers.find((x) => x.spec.name === w)?.process.child.pid;
  return {
    workers: [...links.keys()],
    cut(w) {
      const l = get(w);
      l.inbound.cut();
      l.outbound.cut();
    },
    heal(w) {
      const l = get(w);
      l.inbound.heal();
      l.outbound.heal();
    },
    async bypasses(w) {
      const pid = pidOf(w);
      const schedPid = mesh.devnet.scheduler.process.child.pid;
      if (pid === undefined || schedPid === undefined) return undefined;
      const d = await directLinks(pid, schedPid, tcp.port);
      return d ? d.tcpToPort + d.unixWithPeer : undefined;
    },
    stats(w) {
      const l = get(w);
      return { inbound: l.inbound.stats(), outbound: l.outbound.stats() };
    },
    async restore() {
      for (const [name, network] of originals) {
        await mesh.patchWorkerConfig(name, (cfg) => {
          cfg.network = network;
        });
      }
      await Promise.all([...links.values()].flatMap((l) => [l.inbound.stop(), l.outbound.stop()]));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
