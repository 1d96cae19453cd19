/**
 * The advert index: the latest valid advert per node, bucketed by role and resource class
 * (free VRAM) so placement visits only nodes that could take a request. Validation (signature,
 * stake, ranges) happens before `upsert`, in the gossip validator; the index trusts its input.
 */

import type { Capacity, ResourceAdvert } from "@padmesh/proto";
import { BucketBounds } from "./bucket-bounds.js";
import type { PlacementContext } from "./context.js";
import { UnknownNodeError } from "./errors.js";
import { IndexedNode } from "./indexed-node.js";
import type { AdvertIndex, NodeRecord } from "./interface.js";
import { decayedFailures } from "./reliability.js";
import { reputationOf, UNKNOWN_REPUTATION } from "./reputation.js";
import { VRAM_CLASS_COUNT } from "./resource-class.js";
import { ROLE_SLOTS } from "./roles.js";
import type { FeasibilityCheck } from "./stage.js";

export interface AdvertIndexInit {
  /** A node not heard from for this long is expired (default 120 s). */
  staleAfterMs?: number;
  /**
   * A reservation older than this when a newer advert arrives is taken as reflected in that advert
   * (the node answered the offer and re-advertised); default 1 s.
   */
  reservationSettleMs?: number;
  /** The scheduler clock, for reservations made without a time; default Date.now. */
  now?: () => number;
}

export const DEFAULT_STALE_AFTER_MS = 120_000;
export const DEFAULT_RESERVATION_SETTLE_MS = 1_000;

export class BucketedAdvertIndex implements AdvertIndex {
  private readonly nodes = new Map<string, IndexedNode>();
  private readonly byOperator = new Map<string, Set<IndexedNode>>();
  private readonly operatorReputation = new Map<string, number>();
  /** buckets[role * VRAM_CLASS_COUNT + class]: nodes offering `role` whose advertised free VRAM is in `class`. */
  private readonly buckets: IndexedNode[][] = Array.from({ length: ROLE_SLOTS * VRAM_CLASS_COUNT }, () => []);
  private readonly offeringCount: number[] = new Array<number>(ROLE_SLOTS).fill(0);
  private readonly bounds = new BucketBounds(ROLE_SLOTS * VRAM_CLASS_COUNT);
  private readonly staleAfterMs: number;
  private readonly settleMs: number;
  private readonly clock: () => number;

  constructor(init: AdvertIndexInit = {}) {
    this.staleAfterMs = init.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
    this.settleMs = init.reservationSettleMs ?? DEFAULT_RESERVATION_SETTLE_MS;
    this.clock = init.now ?? Date.now;
  }

  get size(): number {
    return this.nodes.size;
  }

  now(): number {
    return this.clock();
  }

  upsert(advert: ResourceAdvert, nowMs: number): boolean {
    if (Number(advert.expiresAtMs) <= nowMs) return false;
    const held = this.nodes.get(advert.peerId);
    if (held) {
      if (advert.sequence <= held.advert.sequence) return false;
      this.unbucket(held);
      const operatorChanged = held.operatorKey !== advert.operator.toLowerCase();
      if (operatorChanged) this.unlinkOperator(held);
      held.applyAdvert(advert, nowMs, nowMs - this.settleMs);
      if (operatorChanged) {
        this.linkOperator(held);
        held.reputation = this.operatorReputation.get(held.operatorKey) ?? UNKNOWN_REPUTATION;
      }
      this.bucket(held);
      return true;
    }
    const key = advert.operator.toLowerCase();
    const node = new IndexedNode(advert, nowMs, this.operatorReputation.get(key) ?? UNKNOWN_REPUTATION);
    this.nodes.set(node.peerId, node);
    this.linkOperator(node);
    this.bucket(node);
    return true;
  }

  remove(peerId: string): void {
    const node = this.nodes.get(peerId);
    if (!node) return;
    this.unbucket(node);
    this.unlinkOperator(node);
    this.nodes.delete(peerId);
  }

  expire(nowMs: number): string[] {
    const gone: string[] = [];
    for (const node of this.nodes.values()) {
      if (node.expiresAtMs <= nowMs || node.lastSeenMs + this.staleAfterMs <= nowMs) gone.push(node.peerId);
    }
    for (const peerId of gone) this.remove(peerId);
    for (let b = 0; b < this.buckets.length; b++) this.recomputeBounds(b);
    return gone;
  }

  get(peerId: string): NodeRecord | undefined {
    return this.nodes.get(peerId);
  }

  all(): Iterable<NodeRecord> {
    return this.nodes.values();
  }

  reserve(peerId: string, c: Capacity, atMs?: number): void {
    const node = this.nodes.get(peerId);
    if (!node) throw new UnknownNodeError(peerId);
    node.reserve(c, atMs ?? this.clock());
  }

  release(peerId: string, c: Capacity): void {
    const node = this.nodes.get(peerId);
    if (!node?.release(c)) return;
    // More free capacity: widen the bounds of the node's buckets.
    for (let r = 1; r < ROLE_SLOTS; r++) {
      if (node.bucketPos[r]! >= 0) this.bounds.include(r * VRAM_CLASS_COUNT + node.vramClass, node, r);
    }
  }

  recordFailure(peerId: string, nowMs: number): void {
    const node = this.nodes.get(peerId);
    if (!node) return;
    node.failures = decayedFailures(node.failures, node.failuresAtMs, nowMs) + 1;
    node.failuresAtMs = nowMs;
  }

  recordSuccess(peerId: string, nowMs: number): void {
    const node = this.nodes.get(peerId);
    if (!node) return;
    node.failures = decayedFailures(node.failures, node.failuresAtMs, nowMs) / 2;
    node.failuresAtMs = nowMs;
  }

  setReputation(operator: string, quality: { leasesSettled: bigint; challengesLost: bigint }): void {
    const key = operator.toLowerCase();
    const reputation = reputationOf(quality);
    this.operatorReputation.set(key, reputation);
    for (const node of this.byOperator.get(key) ?? []) node.reputation = reputation;
  }

  setLatency(peerId: string, ms: number): void {
    const node = this.nodes.get(peerId);
    if (node && Number.isFinite(ms) && ms >= 0) node.latencyMs = ms;
  }

  /** Nodes offering `role` whose advertised free VRAM is in `vramClass` (placement's read path). */
  bucketOf(role: number, vramClass: number): readonly IndexedNode[] {
    return this.buckets[role * VRAM_CLASS_COUNT + vramClass]!;
  }

  /** The check no node in the bucket can pass for this request, when the bucket's bounds prove it. */
  bucketExcludes(role: number, vramClass: number, ctx: PlacementContext): FeasibilityCheck | undefined {
    return this.bounds.excludes(role * VRAM_CLASS_COUNT + vramClass, ctx);
  }

  /**
   * Recompute the bounds of `role`'s buckets from `fromClass` up, exactly. Placement calls this
   * after walking them all without finding enough nodes, so the next such request skips them.
   */
  tightenBounds(role: number, fromClass: number): void {
    for (let c = fromClass; c < VRAM_CLASS_COUNT; c++) this.recomputeBounds(role * VRAM_CLASS_COUNT + c);
  }

  /** How many nodes offer `role`. */
  offering(role: number): number {
    return this.offeringCount[role] ?? 0;
  }

  private bucket(node: IndexedNode): void {
    for (let r = 1; r < ROLE_SLOTS; r++) {
      if (!node.offers(r)) continue;
      const at = r * VRAM_CLASS_COUNT + node.vramClass;
      const b = this.buckets[at]!;
      node.bucketPos[r] = b.length;
      b.push(node);
      this.bounds.include(at, node, r);
      this.offeringCount[r]!++;
    }
  }

  private unbucket(node: IndexedNode): void {
    for (let r = 1; r < ROLE_SLOTS; r++) {
      const pos = node.bucketPos[r]!;
      if (pos < 0) continue;
      const at = r * VRAM_CLASS_COUNT + node.vramClass;
      const b = this.buckets[at]!;
      const last = b.pop()!;
      if (last !== node) {
        b[pos] = last;
        last.bucketPos[r] = pos;
      }
      node.bucketPos[r] = -1;
      this.offeringCount[r]!--;
      if (this.bounds.loosen(at, b.length)) this.recomputeBounds(at);
    }
  }

  private recomputeBounds(at: number): void {
    this.bounds.reset(at);
    const role = Math.floor(at / VRAM_CLASS_COUNT);
    for (const node of this.buckets[at]!) this.bounds.include(at, node, role);
  }

  private linkOperator(node: IndexedNode): void {
    let set = this.byOperator.get(node.operatorKey);
    if (!set) {
      set = new Set();
      this.byOperator.set(node.operatorKey, set);
    }
    set.add(node);
  }

  private unlinkOperator(node: IndexedNode): void {
    const set = this.byOperator.get(node.operatorKey);
    if (!set) return;
    set.delete(node);
    if (set.size === 0) this.byOperator.delete(node.operatorKey);
  }
}

/**
 * Create the advert index the scheduler keeps from gossip.
 * @example
 * const index = createAdvertIndex({ staleAfterMs: 60_000 });
 * index.upsert(advert, Date.now());
 */
export function createAdvertIndex(init?: AdvertIndexInit): AdvertIndex {
  return new BucketedAdvertIndex(init);
}
