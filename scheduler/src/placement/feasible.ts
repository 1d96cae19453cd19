import { roleName } from "./roles.js";
import type { FeasibilityCheck } from "./stage.js";
import { formatBitRate, formatBytes, formatCpu } from "./units.js";

export const roleCheck: FeasibilityCheck = {
  name: "role",
  passes: (n, ctx) => n.offers(ctx.role),
  explain: (_n, ctx) => `does not offer ${roleName(ctx.role)}`,
  requirement: (ctx) => `must offer ${roleName(ctx.role)}`,
};

export const antiAffinityCheck: FeasibilityCheck = {
  name: "anti-affinity",
  passes: (n, ctx) =>
    !(ctx.excludePeers?.has(n.peerId) === true || ctx.excludeOperators?.has(n.operatorKey) === true),
  explain: (n, ctx) =>
    ctx.excludePeers?.has(n.peerId)
      ? "peer runs a lease this one must not share a node with"
      : `operator ${n.operator} excluded`,
  requirement: () => "not a peer or operator of the leases it verifies",
};

export const expiryCheck: FeasibilityCheck = {
  name: "expired",
  passes: (n, ctx) => n.expiresAtMs > ctx.nowMs,
  explain: (n, ctx) => `advert expired ${ctx.nowMs - n.expiresAtMs} ms ago`,
  requirement: () => "a live advert",
};

export const thresholdCheck: FeasibilityCheck = {
  name: "threshold",
  passes: (n, ctx) =>
    n.vramTotalNum >= ctx.minVramTotalNum &&
    n.cpuMillisTotal >= ctx.minCpuTotal &&
    n.bandwidthNum >= ctx.minBandwidthTotalNum,
  explain: (n, ctx) => {
    const t = ctx.thresholds!;
    if (n.vramTotal < t.minVramBytes) {
      return `VRAM ${formatBytes(n.vramTotal)} < governance minimum ${formatBytes(t.minVramBytes)}`;
    }
    if (n.cpuMillisTotal < t.minCpuMillis) {
      return `CPU ${formatCpu(n.cpuMillisTotal)} < governance minimum ${formatCpu(t.minCpuMillis)}`;
    }
    return `bandwidth ${formatBitRate(n.bandwidthBps)} < governance minimum ${formatBitRate(t.minBandwidthBps)}`;
  },
  requirement: (ctx) => {
    const t = ctx.thresholds;
    if (!t) return "none";
    return `governance minimum ${formatBytes(t.minVramBytes)} VRAM, ${formatCpu(t.minCpuMillis)}, ${formatBitRate(t.minBandwidthBps)}`;
  },
};

export const priceCheck: FeasibilityCheck = {
  name: "price",
  passes: (n, ctx) => n.priceNums[ctx.role]! <= ctx.maxPriceNum,
  explain: (n, ctx) => `price ${n.prices[ctx.role]} > cap ${ctx.maxPrice} wei/fuel`,
  requirement: (ctx) => `cap ${ctx.maxPrice} wei/fuel`,
};

export const bandwidthCheck: FeasibilityCheck = {
  name: "bandwidth",
  passes: (n, ctx) => n.bandwidthNum >= ctx.minBandwidthNum,
  explain: (n, ctx) =>
    `bandwidth ${formatBitRate(n.bandwidthBps)} < need ${formatBitRate(ctx.minBandwidthBps)}`,
  requirement: (ctx) => `need ${formatBitRate(ctx.minBandwidthBps)}`,
};

export const slotsCheck: FeasibilityCheck = {
  name: "slots",
  passes: (n, ctx) => n.freeSlots >= ctx.needSlots,
  explain: (n, ctx) => `free lease slots ${n.freeSlots} < need ${ctx.needSlots}`,
  requirement: (ctx) => `need ${ctx.needSlots} lease slot${ctx.needSlots === 1 ? "" : "s"}`,
};

export const cpuCheck: FeasibilityCheck = {
  name: "cpu",
  passes: (n, ctx) => n.freeCpu >= ctx.needCpu,
  explain: (n, ctx) => `free CPU ${formatCpu(n.freeCpu)} < need ${formatCpu(ctx.needCpu)}`,
  requirement: (ctx) => `need ${formatCpu(ctx.needCpu)}`,
};

export const ramCheck: FeasibilityCheck = {
  name: "ram",
  passes: (n, ctx) => n.freeRamNum >= ctx.needRamNum,
  explain: (n, ctx) => `free RAM ${formatBytes(n.freeRam)} < need ${formatBytes(ctx.needRam)}`,
  requirement: (ctx) => `need ${formatBytes(ctx.needRam)}`,
};

export const gpuCheck: FeasibilityCheck = {
  name: "gpus",
  passes: (n, ctx) => n.freeGpus >= ctx.needGpus,
  explain: (n, ctx) => `free GPUs ${n.freeGpus} < need ${ctx.needGpus}`,
  requirement: (ctx) => `need ${ctx.needGpus} GPU${ctx.needGpus === 1 ? "" : "s"}`,
};

export const vramCheck: FeasibilityCheck = {
  name: "vram",
  passes: (n, ctx) => n.freeVramNum >= ctx.needVramNum,
  explain: (n, ctx) => `free VRAM ${formatBytes(n.freeVram)} < need ${formatBytes(ctx.needVram)}`,
  requirement: (ctx) => `need ${formatBytes(ctx.needVram)}`,
};

/** Latency strategy: the node keeps a share of its CPU free after taking the lease. */
export const headroomCheck: FeasibilityCheck = {
  name: "headroom",
  passes: (n, ctx) => n.freeCpu - ctx.needCpu >= ctx.profile.headroomCpuFraction * n.cpuMillisTotal,
  explain: (n, ctx) =>
    `would leave ${formatCpu(n.freeCpu - ctx.needCpu)} free, under the ${ctx.profile.headroomCpuFraction * 100}% headroom of ${formatCpu(n.cpuMillisTotal)}`,
  requirement: (ctx) => `keep ${ctx.profile.headroomCpuFraction * 100}% CPU headroom`,
};

/** The standard checks, in evaluation order. The index's buckets make `role` always pass there. */
export const DEFAULT_CHECKS: readonly FeasibilityCheck[] = [
  roleCheck,
  antiAffinityCheck,
  expiryCheck,
  thresholdCheck,
  priceCheck,
  bandwidthCheck,
  slotsCheck,
  cpuCheck,
  ramCheck,
  gpuCheck,
  vramCheck,
  headroomCheck,
];
