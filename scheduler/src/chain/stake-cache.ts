/**
 * A StakeChecker that remembers answers for a while: advert validation runs on every gossip
 * message and must not hit the RPC each time. Concurrent asks for one address share a call.
 */
import type { Address } from "viem";
import type { OperatorQuality, StakeChecker } from "./interface.js";

export interface StakeCacheInit {
  ttlMs: number;
  now?: () => number;
}

export function createCachedStakeChecker(inner: StakeChecker, init: StakeCacheInit): StakeChecker {
  const now = init.now ?? Date.now;
  const caches = new Map<string, Map<string, { atMs: number; value: Promise<unknown> }>>();

  function cached<T>(kind: string, address: Address, load: () => Promise<T>): Promise<T> {
    let cache = caches.get(kind);
    if (!cache) {
      cache = new Map();
      caches.set(kind, cache);
    }
    const key = address.toLowerCase();
    const hit = cache.get(key);
    const t = now();
    if (hit && t - hit.atMs < init.ttlMs) return hit.value as Promise<T>;
    const value = load();
    cache.set(key, { atMs: t, value });
    // A failed read is not remembered.
    value.catch(() => {
      if (cache.get(key)?.value === value) cache.delete(key);
    });
    return value;
  }

  return {
    isActiveOperator: (a, opts) => cached("op", a, () => inner.isActiveOperator(a, opts)),
    isActiveVerifier: (a, opts) => cached("ver", a, () => inner.isActiveVerifier(a, opts)),
    quality: (a, opts) => cached<OperatorQuality>("q", a, () => inner.quality(a, opts)),
  };
}
