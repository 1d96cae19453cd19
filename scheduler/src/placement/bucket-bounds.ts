/**
 * Per-bucket bounds: for each bucket of the index, the most free capacity (net of reservations),
 * bandwidth and hardware any of its nodes has, and the lowest price. They are upper (price: lower)
 * bounds, not always tight ones: a reservation lowers a node's free capacity without lowering the
 * bound, and a node leaving a bucket leaves the bound as it was until the bucket is recomputed
 * (when enough nodes have left, on `expire`, and after a placement that walked the bucket and
 * found too little). Anything that raises a node's free capacity (an advert, a release) widens
 * the bound at once. So when a request needs more than a bucket's bound, no node in it can take
 * the request and placement skips the whole bucket without visiting a node — which is what keeps
 * a request that nothing can take from walking the whole mesh again and again.
 */

import type { PlacementContext } from "./context.js";
import {
  bandwidthCheck,
  cpuCheck,
  gpuCheck,
  priceCheck,
  ramCheck,
  slotsCheck,
  thresholdCheck,
  vramCheck,
} from "./feasible.js";
import type { IndexedNode } from "./indexed-node.js";
import type { FeasibilityCheck } from "./stage.js";

const CPU = 0;
const RAM = 1;
const VRAM = 2;
const GPUS = 3;
const SLOTS = 4;
const BANDWIDTH = 5;
const MIN_PRICE = 6;
const VRAM_TOTAL = 7;
const CPU_TOTAL = 8;
const FIELDS = 9;

export class BucketBounds {
  private readonly data: Float64Array;
  /** Nodes that left each bucket since its bounds were last computed exactly. */
  private readonly loosened: Int32Array;

  constructor(buckets: number) {
    this.data = new Float64Array(buckets * FIELDS);
    this.loosened = new Int32Array(buckets);
    for (let b = 0; b < buckets; b++) this.reset(b);
  }

  reset(b: number): void {
    const at = b * FIELDS;
    this.data.fill(Number.NEGATIVE_INFINITY, at, at + FIELDS);
    this.data[at + MIN_PRICE] = Number.POSITIVE_INFINITY;
    this.loosened[b] = 0;
  }

  /** Widen bucket `b`'s bounds to cover `node`, which offers `role` there. */
  include(b: number, node: IndexedNode, role: number): void {
    const d = this.data;
    const at = b * FIELDS;
    d[at + CPU] = Math.max(d[at + CPU]!, node.freeCpu);
    d[at + RAM] = Math.max(d[at + RAM]!, node.freeRamNum);
    d[at + VRAM] = Math.max(d[at + VRAM]!, node.freeVramNum);
    d[at + GPUS] = Math.max(d[at + GPUS]!, node.freeGpus);
    d[at + SLOTS] = Math.max(d[at + SLOTS]!, node.freeSlots);
    d[at + BANDWIDTH] = Math.max(d[at + BANDWIDTH]!, node.bandwidthNum);
    d[at + MIN_PRICE] = Math.min(d[at + MIN_PRICE]!, node.priceNums[role]!);
    d[at + VRAM_TOTAL] = Math.max(d[at + VRAM_TOTAL]!, node.vramTotalNum);
    d[at + CPU_TOTAL] = Math.max(d[at + CPU_TOTAL]!, node.cpuMillisTotal);
  }

  /** A node left bucket `b`; true when its bounds are loose enough to be worth recomputing. */
  loosen(b: number, size: number): boolean {
    this.loosened[b]!++;
    return this.loosened[b]! > Math.max(32, size);
  }

  /** The check that no node of bucket `b` can pass for this request, if the bounds prove one. */
  excludes(b: number, ctx: PlacementContext): FeasibilityCheck | undefined {
    const d = this.data;
    const at = b * FIELDS;
    if (
      d[at + VRAM_TOTAL]! < ctx.minVramTotalNum ||
      d[at + CPU_TOTAL]! < ctx.minCpuTotal ||
      d[at + BANDWIDTH]! < ctx.minBandwidthTotalNum
    ) {
      return thresholdCheck;
    }
    if (d[at + MIN_PRICE]! > ctx.maxPriceNum) return priceCheck;
    if (d[at + BANDWIDTH]! < ctx.minBandwidthNum) return bandwidthCheck;
    if (d[at + SLOTS]! < ctx.needSlots) return slotsCheck;
    if (d[at + CPU]! < ctx.needCpu) return cpuCheck;
    if (d[at + RAM]! < ctx.needRamNum) return ramCheck;
    if (d[at + GPUS]! < ctx.needGpus) return gpuCheck;
    if (d[at + VRAM]! < ctx.needVramNum) return vramCheck;
    return undefined;
  }
}
