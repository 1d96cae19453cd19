/**
 * The naive full scan: every node in the index through every check and every ranker, no buckets,
 * no candidate limit. It is the benchmark baseline, the reference the sampled `place` is tested
 * against, and how `place` serves an AdvertIndex that is not the bucketed one.
 */

import type { Capacity } from "@padmesh/proto";
import { BucketedAdvertIndex } from "./advert-index.js";
import { IterableSource } from "./candidate-source.js";
import { createContext } from "./context.js";
import { DEFAULT_CHECKS } from "./feasible.js";
import { IndexedNode } from "./indexed-node.js";
import type {
  AdvertIndex,
  NodeRecord,
  PlacementParams,
  PlacementRequest,
  PlacementResult,
  PlaceOptions,
} from "./interface.js";
import { runPipeline } from "./pipeline.js";
import { SeededRandom, seedFor } from "./random.js";
import { BINPACK_RANKERS, SPREAD_RANKERS } from "./rank.js";
import type { FeasibilityCheck } from "./stage.js";
import { Workspace } from "./workspace.js";

const workspace = new Workspace();

function asIndexed(record: NodeRecord, nowMs: number): IndexedNode {
  if (record instanceof IndexedNode) return record;
  const node = new IndexedNode(record.advert, record.lastSeenMs, record.reputation);
  node.failures = record.failures;
  node.failuresAtMs = nowMs;
  node.latencyMs = record.latencyMs;
  const reserved: Capacity = record.reserved;
  node.reserve(reserved, nowMs);
  return node;
}

function* indexedNodes(index: AdvertIndex, nowMs: number): Generator<IndexedNode> {
  for (const record of index.all()) yield asIndexed(record, nowMs);
}

/** Place by visiting every node (see `place` for the meaning of the arguments). */
export function placeFullScan(
  index: AdvertIndex,
  req: PlacementRequest,
  params: PlacementParams,
  opts: PlaceOptions & { checks?: readonly FeasibilityCheck[] } = {},
): PlacementResult {
  const bucketed = index instanceof BucketedAdvertIndex;
  const ctx = createContext(req, params, opts.nowMs ?? (bucketed ? index.now() : Date.now()));
  const rng = new SeededRandom(opts.seed ?? seedFor(req.sessionId, req.role));
  return runPipeline(
    {
      ctx,
      source: new IterableSource(
        bucketed ? (index.all() as Iterable<IndexedNode>) : indexedNodes(index, ctx.nowMs),
      ),
      checks: opts.checks ? [...DEFAULT_CHECKS, ...opts.checks] : DEFAULT_CHECKS,
      firstCheck: 0,
      rankers: ctx.profile.packing === "spread" ? SPREAD_RANKERS : BINPACK_RANKERS,
      limit: Infinity,
      explain: opts.explain ?? true,
      rng,
      nodes: index.size,
      offering: -1,
      skipped: [],
    },
    workspace,
  );
}
