/**
 * The placement part's public contract: an index of the latest advert per node, and a pure
 * `place()` that turns a role requirement into an explained choice of nodes. The scheduler
 * service feeds the index from gossip and turns results into lease offers; the node stays the
 * authority on its own capacity and may still reject an offer.
 */

import type { Capacity, PlacementStrategy, ResourceAdvert, Role } from "@padmesh/proto";

/** What the index knows about one node. Live object: fields change as adverts and outcomes arrive. */
export interface NodeRecord {
  peerId: string;
  operator: string;
  /** The latest valid advert (highest sequence) seen from this peer. */
  advert: ResourceAdvert;
  /** When the latest advert was accepted (scheduler clock). */
  lastSeenMs: number;
  /** Failure score as of the last recordFailure/recordSuccess; decays with time (see reliability.ts). */
  failures: number;
  /** 0..1, from the operator's OperatorRegistry quality counters; 0.5 when unknown. */
  reputation: number;
  /** Measured round-trip time from this scheduler, when known. */
  latencyMs?: number;
  /** Capacity offered by this scheduler that the node's adverts do not reflect yet. */
  reserved: Capacity;
}

export interface AdvertIndex {
  /** Keep the advert if it is newer (higher sequence) than the one held; false otherwise. */
  upsert(advert: ResourceAdvert, nowMs: number): boolean;
  remove(peerId: string): void;
  /** Drop nodes whose advert expired or that were not heard from for `staleAfterMs`; returns their peer ids. */
  expire(nowMs: number): string[];
  get(peerId: string): NodeRecord | undefined;
  all(): Iterable<NodeRecord>;
  readonly size: number;
  /**
   * Hold capacity offered to a node until an advert issued after the reservation reflects it
   * (or until `release`). `atMs` defaults to the index clock.
   */
  reserve(peerId: string, c: Capacity, atMs?: number): void;
  /** Give back a reservation (offer rejected, lease gone before the node re-advertised). */
  release(peerId: string, c: Capacity): void;
  recordFailure(peerId: string, nowMs: number): void;
  recordSuccess(peerId: string, nowMs: number): void;
  /** Quality counters from OperatorRegistry; applies to every node of the operator, now and later. */
  setReputation(operator: string, quality: { leasesSettled: bigint; challengesLost: bigint }): void;
  setLatency(peerId: string, ms: number): void;
}

/** Ranking weights in basis points (0..10000 each), set by governance (`weight.<name>`). */
export interface PlacementWeights {
  price: number;
  latency: number;
  reputation: number;
  load: number;
  locality: number;
}

/** Hardware a node must have to serve a role at all, set by governance (`threshold.<role>.<name>`). */
export interface RoleThresholds {
  minVramBytes: bigint;
  minCpuMillis: number;
  minBandwidthBps: bigint;
}

export interface PlacementParams {
  weights: PlacementWeights;
  thresholds: Partial<Record<Role, RoleThresholds>>;
}

export interface PlacementRequest {
  sessionId: Uint8Array;
  role: Role;
  /** How many distinct nodes to choose. */
  count: number;
  /** What one lease needs (a lease always takes at least one lease slot). */
  resources: Capacity;
  minBandwidthBps: bigint;
  /** Price cap in PAD wei per fuel unit; 0 = no cap. */
  maxPricePerFuel: bigint;
  /** Preferred region (soft: scored by locality, never filtered); "" = none. */
  region: string;
  strategy: PlacementStrategy;
  /** Anti-affinity: e.g. a verification lease must not run on the peers/operators it verifies. */
  excludePeers?: ReadonlySet<string>;
  excludeOperators?: ReadonlySet<string>;
}

export interface ScoreExplanation {
  name: string;
  /** The ranker's measure, in its own unit (price wei/fuel, ms, 0..1 ...). */
  raw: number;
  /** 0..1 (1 = best) after normalization across the candidates; the failure penalty is 0..-1. */
  normalized: number;
  /** Effective weight: the governance weight's share of all weights (so total = Σ weight × normalized). */
  weight: number;
}

export interface CandidateExplanation {
  peerId: string;
  feasible: boolean;
  /** Name of the feasibility check that filtered the node out, e.g. "vram". */
  filteredBy?: string;
  /** Why, in words, e.g. "free 4 GiB < need 8 GiB". */
  detail?: string;
  scores: ScoreExplanation[];
  total: number;
  selected: boolean;
}

/** Counts behind a decision; complete (every eligible node visited) when `exhaustive`. */
export interface PlacementStats {
  /** Nodes in the index. */
  nodes: number;
  /** Nodes offering the role. */
  offeringRole: number;
  /** Nodes that went through the feasibility checks. */
  visited: number;
  feasible: number;
  /** Filtered node count per check name (nodes skipped by the resource-class index count under "vram"). */
  filtered: Record<string, number>;
  exhaustive: boolean;
}

export interface PlacementResult {
  role: Role;
  /** Best first; fewer than `count` exactly when `unplacedReason` is set. */
  selected: NodeRecord[];
  /** Every visited node with its scores or the check that filtered it (filtered ones capped, see docs). */
  candidates: CandidateExplanation[];
  unplacedReason?: string;
  stats: PlacementStats;
}

export interface PlaceOptions {
  /** Tie-break and sampling seed; defaults to one derived from the session id and role. */
  seed?: number;
  /** Build a CandidateExplanation for every visited node (default true); false lists only the selected. */
  explain?: boolean;
  /** Feasible candidates to rank before selecting (Nomad's limit iterator); default 16. Infinity = all. */
  maxCandidates?: number;
  /** Clock for advert expiry and failure decay; defaults to the index clock. */
  nowMs?: number;
}
