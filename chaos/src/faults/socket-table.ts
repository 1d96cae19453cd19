/**
 * The host's socket table (Linux `ss`), read to check that a partition is real: which
 * established connections join two processes directly, past the fault proxies.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface DirectLinks {
  /** TCP connections from `pid` to `port` (e.g. a worker to the scheduler's libp2p port). */
  tcpToPort: number;
  /** Unix stream connections between `pid` and `peerPid`. */
  unixWithPeer: number;
}

const pidOf = (line: string): number | undefined => {
  const m = /pid=(\d+)/.exec(line);
  return m ? Number(m[1]) : undefined;
};

/** Parse `ss -Htnp` lines: TCP connections of `pid` whose remote port is `port`. Pure. */
export function countTcpToPort(ssOutput: string, pid: number, port: number): number {
  let n = 0;
  for (const line of ssOutput.split("\n")) {
    const t = line.trim().split(/\s+/);
    if (t[0] !== "ESTAB" || pidOf(line) !== pid) continue;
    const peer = t[4] ?? "";
    if (Number(peer.slice(peer.lastIndexOf(":") + 1)) === port) n++;
  }
  return n;
}

/** Parse `ss -Hxpn` lines: unix stream connections whose two ends belong to `pid` and `peerPid`. Pure. */
export function countUnixBetween(ssOutput: string, pid: number, peerPid: number): number {
  const owner = new Map<string, number>();
  const rows: { inode: string; peer: string; pid: number }[] = [];
  for (const line of ssOutput.split("\n")) {
    const t = line.trim().split(/\s+/);
    if (t[0] !== "u_str" || t[1] !== "ESTAB") continue;
    const p = pidOf(line);
    if (p === undefined || t[5] === undefined || t[7] === undefined) continue;
    owner.set(t[5], p);
    rows.push({ inode: t[5], peer: t[7], pid: p });
  }
  return rows.filter((r) => r.pid === pid && owner.get(r.peer) === peerPid).length;
}

/**
 * Direct connections of process `pid` to `peerPid` (unix) and to TCP `port`; undefined where
 * `ss` is not available (the check is then reported as not made).
 */
export async function directLinks(
  pid: number,
  peerPid: number,
  port: number,
): Promise<DirectLinks | undefined> {
  try {
    const [tcp, unix] = await Promise.all([run("ss", ["-Htnp"]), run("ss", ["-Hxpn"])]);
    return {
      tcpToPort: countTcpToPort(tcp.stdout, pid, port),
      unixWithPeer: countUnixBetween(unix.stdout, pid, peerPid),
    };
  } catch {
    return undefined;
  }
}
