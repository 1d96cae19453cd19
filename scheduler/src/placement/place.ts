/**
 * `place`: choose nodes for one role of a session. Pure over the index's current state (it reads,
 * never reserves: the caller reserves what it offers, see `reservePlacement`).
 */

import { BucketedAdvertIndex } from "./advert-index.js";
import { BucketSampler } from "./candidate-source.js";
import { createContext } from "./context.js";
import { DEFAULT_CHECKS, vramCheck } from "./feasible.js";
import { placeFullScan } from "./full-scan.js";
import type { IndexedNode } from "./indexed-node.js";
import type {
  AdvertIndex,
  PlacementParams,
  PlacementRequest,
  PlacementResult,
  PlaceOptions,
} from "./interface.js";
import { runPipeline, type SkippedBucket } from "./pipeline.js";
import { SeededRandom, seedFor } from "./random.js";
import { BINPACK_RANKERS, SPREAD_RANKERS } from "./rank.js";
import { VRAM_CLASS_COUNT, vramClassOf } from "./resource-class.js";
import type { FeasibilityCheck } from "./stage.js";
import { Workspace } from "./workspace.js";

/** Feasible candidates ranked per decision by default (Nomad ranks log2(n) for services: 14 at 10k nodes). */
export const DEFAULT_MAX_CANDIDATES = 16;

const workspace = new Workspace();
const sampler = new BucketSampler();

export interface PlaceOptionsWithChecks extends PlaceOptions {
  /** Extra feasibility checks run after the standard ones (quotas, project policy...). */
  checks?: readonly FeasibilityCheck[];
}

/**
 * Place `req.count` leases of `req.role`: visit the nodes of the role's eligible resource classes
 * in a seeded random order, keep the first `maxCandidates` feasible ones, rank, select.
 * A node whose checks all pass is never over-committed: capacity reserved in the index counts.
 * @example
 * const r = place(index, { sessionId, role: Role.ROLE_EXECUTION, count: 1, resources, minBandwidthBps: 0n,
 *   maxPricePerFuel: 0n, region: "eu-west", strategy: PlacementStrategy.PLACEMENT_STRATEGY_LATENCY }, params);
 * if (r.unplacedReason) console.log(r.unplacedReason);
 */
export function place(
  index: AdvertIndex,
  req: PlacementRequest,
  params: PlacementParams,
  opts: PlaceOptionsWithChecks = {},
): PlacementResult {
  if (!(index instanceof BucketedAdvertIndex)) return placeFullScan(index, req, params, opts);
  const ctx = createContext(req, params, opts.nowMs ?? index.now());
  const rng = new SeededRandom(opts.seed ?? seedFor(req.sessionId, req.role));
  const lists: (readonly IndexedNode[])[] = [];
  const skipped: SkippedBucket[] = [];
  let eligible = 0;
  const minClass = vramClassOf(ctx.needVram);
  for (let c = 0; c < VRAM_CLASS_COUNT; c++) {
    const bucket = index.bucketOf(ctx.role, c);
    if (bucket.length === 0) continue;
    const excludedBy = c < minClass ? vramCheck : index.bucketExcludes(ctx.role, c, ctx);
    if (excludedBy) {
      skipped.push({ nodes: bucket, check: excludedBy });
      continue;
    }
    lists.push(bucket);
    eligible += bucket.length;
  }
  const offering = index.offering(ctx.role);
  const explain = opts.explain ?? true;
  const max = opts.maxCandidates ?? DEFAULT_MAX_CANDIDATES;
  const limit = Number.isFinite(max) ? Math.max(1, Math.floor(max)) + Math.max(0, req.count - 1) : Infinity;
  const result = runPipeline(
    {
      ctx,
      source: sampler.reset(lists, eligible, rng),
      checks: opts.checks ? [...DEFAULT_CHECKS, ...opts.checks] : DEFAULT_CHECKS,
      firstCheck: 1,
      rankers: ctx.profile.packing === "spread" ? SPREAD_RANKERS : BINPACK_RANKERS,
      limit,
      explain,
      rng,
      nodes: index.size,
      offering,
      skipped,
    },
    workspace,
  );
  // Every eligible node was visited and too few fit: tighten those buckets' bounds so the same
  // shortage does not walk them again (same cost as the walk, paid once).
  if (result.unplacedReason !== undefined && eligible > 0) index.tightenBounds(ctx.role, minClass);
  return result;
}
