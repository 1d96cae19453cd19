/**
 * Cache of on-chain stake checks for the advert validator: gossip validation must not wait on
 * an RPC per message. Positive and negative answers are kept for `ttlMs`; concurrent checks of
 * the same operator share one call; an RPC failure counts as "not staked" for a short time
 * (the advert is rejected, and re-checked soon).
 */
import type { StakeChecker } from "./interface.js";

export interface StakeCacheInit {
  ttlMs: number;
  /** How long a failed lookup is remembered. Default 5 s. */
  errorTtlMs?: number;
  now?: () => number;
}

export interface StakeCache {
  isStaked(operator: string): Promise<boolean>;
  readonly size: number;
}

export function createStakeCache(checker: StakeChecker, init: StakeCacheInit): StakeCache {
  const now = init.now ?? Date.now;
  const cache = new Map<string, { staked: boolean; until: number }>();
  const inflight = new Map<string, Promise<boolean>>();
  return {
    get size() {
      return cache.size;
    },
    async isStaked(operator) {
      const key = operator.toLowerCase();
      const hit = cache.get(key);
      if (hit && hit.until > now()) return hit.staked;
      const pending = inflight.get(key);
      if (pending) return pending;
      const p = checker
        .isActiveOperator(operator)
        .then((staked) => {
          cache.set(key, { staked, until: now() + init.ttlMs });
          return staked;
        })
        .catch(() => {
          cache.set(key, { staked: false, until: now() + (init.errorTtlMs ?? 5_000) });
          return false;
        })
        .finally(() => inflight.delete(key));
      inflight.set(key, p);
      return p;
    },
  };
}
