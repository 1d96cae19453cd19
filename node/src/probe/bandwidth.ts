/**
 * Bandwidth, measured rather than guessed: a short transfer test against the configured probe
 * target (GET downloads `bytes`, POST uploads them). When no target is set or the test fails,
 * the default interface's link speed is reported instead and labelled INTERFACE_SPEED, so a
 * scheduler can tell an upper bound from a measurement.
 */
import { BandwidthSource } from "@padmesh/proto";

export interface BandwidthResult {
  upBps: bigint;
  downBps: bigint;
  source: BandwidthSource;
}

/** systeminformation's interface fields the fallback uses (speed in Mbit/s). */
export interface NetworkInterfaceInfo {
  default?: boolean;
  internal?: boolean;
  speed?: number | null;
  operstate?: string;
}

/** Link speed of the default (else the fastest up, non-internal) interface; 0 when unknown. Pure. */
export function interfaceSpeedBps(ifaces: NetworkInterfaceInfo[]): bigint {
  const usable = ifaces.filter((i) => !i.internal && typeof i.speed === "number" && (i.speed ?? 0) > 0);
  const chosen = usable.find((i) => i.default) ?? usable.sort((a, b) => (b.speed ?? 0) - (a.speed ?? 0))[0];
  return chosen ? BigInt(Math.floor((chosen.speed as number) * 1_000_000)) : 0n;
}

/** bits per second from bytes moved in `ms` (never divides by zero). Pure. */
export function rateBps(bytes: number, ms: number): bigint {
  return BigInt(Math.floor((bytes * 8 * 1000) / Math.max(ms, 0.001)));
}

export interface MeasureOptions {
  target: string;
  bytes: number;
  signal?: AbortSignal;
  /** Monotonic clock in ms (injected for tests); defaults to performance.now. */
  now?: () => number;
}

/** Run the transfer test against `target`. Throws on any HTTP or network failure. */
export async function measureBandwidth(options: MeasureOptions): Promise<BandwidthResult> {
  const now = options.now ?? (() => performance.now());
  const url = new URL(options.target);
  url.searchParams.set("bytes", String(options.bytes));
  const t0 = now();
  const res = await fetch(url, { signal: options.signal });
  if (!res.ok || !res.body) throw new Error(`GET ${url} -> ${res.status}`);
  let received = 0;
  for await (const chunk of res.body) received += (chunk as Uint8Array).length;
  const downMs = now() - t0;
  const payload = new Uint8Array(options.bytes);
  const t1 = now();
  const up = await fetch(url, { method: "POST", body: payload, signal: options.signal });
  await up.arrayBuffer();
  if (!up.ok) throw new Error(`POST ${url} -> ${up.status}`);
  const upMs = now() - t1;
  return {
    downBps: rateBps(received, downMs),
    upBps: rateBps(options.bytes, upMs),
    source: BandwidthSource.BANDWIDTH_SOURCE_MEASURED,
  };
}
