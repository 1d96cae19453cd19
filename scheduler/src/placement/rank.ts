/**
 * Rankers (Nomad's rank.go): each adds one recorded raw score per feasible candidate. Scores are
 * normalized across the candidates afterwards and weighted by governance (`weight.<name>`).
 */

import type { PlacementContext } from "./context.js";
import type { IndexedNode } from "./indexed-node.js";
import type { Ranker } from "./stage.js";

/** Latency assumed for a node this scheduler has not measured yet. */
export const UNKNOWN_LATENCY_MS = 100;

export const priceRanker: Ranker = {
  name: "price",
  weight: "price",
  better: "lower",
  // Clamped so that an absurd price (past 2^53, Infinity in the check) still normalizes to a number.
  raw: (n, ctx) => Math.min(n.priceNums[ctx.role]!, Number.MAX_SAFE_INTEGER),
};

export const latencyRanker: Ranker = {
  name: "latency",
  weight: "latency",
  better: "lower",
  raw: (n) => n.latencyMs ?? UNKNOWN_LATENCY_MS,
};

export const reputationRanker: Ranker = {
  name: "reputation",
  weight: "reputation",
  better: "higher",
  raw: (n) => n.reputation,
};

/** Spread: the node's utilisation (CPU or lease slots, whichever is higher) after taking the lease. */
export const spreadLoadRanker: Ranker = {
  name: "load",
  weight: "load",
  better: "lower",
  raw: (n, ctx) => utilisationAfter(n, ctx),
};

/**
 * Bin-pack: the share of the node's VRAM left free after taking the lease (CPU for leases that
 * need no VRAM). A tight fit scores best, keeping big free GPUs for big models.
 */
export const binpackRanker: Ranker = {
  name: "binpack",
  weight: "load",
  better: "lower",
  raw: (n, ctx) => {
    if (ctx.needVramNum > 0 && n.vramTotalNum > 0) return (n.freeVramNum - ctx.needVramNum) / n.vramTotalNum;
    const total = Math.max(n.cpuMillisTotal, n.freeCpu);
    return total > 0 ? (n.freeCpu - ctx.needCpu) / total : 0;
  },
};

/** 1 in the requested region, 0.5 in the same area ("eu-*"), 0 elsewhere; 1 for all when none requested. */
export const localityRanker: Ranker = {
  name: "locality",
  weight: "locality",
  better: "higher",
  raw: (n, ctx) => {
    if (ctx.region === "" || n.region === ctx.region) return 1;
    return n.region.startsWith(ctx.regionArea) &&
      (n.region.length === ctx.regionArea.length || n.region.charCodeAt(ctx.regionArea.length) === 45)
      ? 0.5
      : 0;
  },
};

function utilisationAfter(n: IndexedNode, ctx: PlacementContext): number {
  const cpuTotal = Math.max(n.cpuMillisTotal, n.freeCpu);
  const cpu = cpuTotal > 0 ? 1 - (n.freeCpu - ctx.needCpu) / cpuTotal : 1;
  const slots = n.slotsTotal > 0 ? 1 - (n.freeSlots - ctx.needSlots) / n.slotsTotal : 1;
  return Math.max(cpu, slots);
}

export const SPREAD_RANKERS: readonly Ranker[] = [
  priceRanker,
  latencyRanker,
  reputationRanker,
  spreadLoadRanker,
  localityRanker,
];

export const BINPACK_RANKERS: readonly Ranker[] = [
  priceRanker,
  latencyRanker,
  reputationRanker,
  binpackRanker,
  localityRanker,
];
