/**
 * Placement parameters from governance. MeshParams stores values by name:
 * `weight.price|latency|reputation|load|locality` (basis points, 0..10000) and
 * `threshold.<role>.minVramBytes|minCpuMillis|minBandwidthBps` for role in compute, execution,
 * coordination, verification. Names not about placement are ignored; a missing weight takes its
 * default; an out-of-range value throws (keep the last good parameters).
 */

import type { Role } from "@padmesh/proto";
import { InvalidPlacementParamError } from "./errors.js";
import type { PlacementParams, PlacementWeights, RoleThresholds } from "./interface.js";
import { PLACEABLE_ROLES, roleName } from "./roles.js";

export const MAX_WEIGHT_BPS = 10_000;

/** Weights used for a name MeshParams does not hold (the contract's own defaults). */
export const DEFAULT_WEIGHTS: Readonly<PlacementWeights> = {
  price: 3000,
  latency: 2500,
  reputation: 2000,
  load: 1500,
  locality: 1000,
};

export const WEIGHT_NAMES: readonly (keyof PlacementWeights)[] = [
  "price",
  "latency",
  "reputation",
  "load",
  "locality",
];

export const THRESHOLD_NAMES: readonly (keyof RoleThresholds)[] = [
  "minVramBytes",
  "minCpuMillis",
  "minBandwidthBps",
];

const UINT64_MAX = 2n ** 64n - 1n;
const UINT32_MAX = 2n ** 32n - 1n;

export function defaultPlacementParams(): PlacementParams {
  return { weights: { ...DEFAULT_WEIGHTS }, thresholds: {} };
}

/**
 * Build placement parameters from MeshParams values keyed by name.
 * @example
 * paramsFromChain(new Map([["weight.price", 5000n], ["threshold.compute.minVramBytes", 8n << 30n]]));
 */
export function paramsFromChain(values: Map<string, bigint>): PlacementParams {
  const weights: PlacementWeights = { ...DEFAULT_WEIGHTS };
  for (const name of WEIGHT_NAMES) {
    const key = `weight.${name}`;
    const v = values.get(key);
    if (v === undefined) continue;
    if (v < 0n || v > BigInt(MAX_WEIGHT_BPS)) {
      throw new InvalidPlacementParamError(key, v, `must be 0..${MAX_WEIGHT_BPS} basis points`);
    }
    weights[name] = Number(v);
  }
  const thresholds: Partial<Record<Role, RoleThresholds>> = {};
  for (const role of PLACEABLE_ROLES) {
    const prefix = `threshold.${roleName(role)}.`;
    const vram = values.get(`${prefix}minVramBytes`);
    const cpu = values.get(`${prefix}minCpuMillis`);
    const bw = values.get(`${prefix}minBandwidthBps`);
    if (vram === undefined && cpu === undefined && bw === undefined) continue;
    for (const [name, v, max] of [
      ["minVramBytes", vram, UINT64_MAX],
      ["minCpuMillis", cpu, UINT32_MAX],
      ["minBandwidthBps", bw, UINT64_MAX],
    ] as const) {
      if (v !== undefined && (v < 0n || v > max)) {
        throw new InvalidPlacementParamError(`${prefix}${name}`, v, `must be 0..${max}`);
      }
    }
    thresholds[role] = {
      minVramBytes: vram ?? 0n,
      minCpuMillis: Number(cpu ?? 0n),
      minBandwidthBps: bw ?? 0n,
    };
  }
  return { weights, thresholds };
}
