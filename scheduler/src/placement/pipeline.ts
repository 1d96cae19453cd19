/**
 * The placement pipeline (Nomad's stack.go): candidates from a source → feasibility checks →
 * rankers (raw scores recorded) → normalization → weighted total minus the failure penalty →
 * limited max-score selection with a seeded tie-break → explanation.
 */

import type { CandidateSource } from "./candidate-source.js";
import type { PlacementContext } from "./context.js";
import { buildCandidates, buildStats, MAX_FILTERED_EXPLAINED, unplacedReason } from "./explain.js";
import type { IndexedNode } from "./indexed-node.js";
import type { NodeRecord, PlacementResult } from "./interface.js";
import { normalizeColumn } from "./normalize.js";
import type { SeededRandom } from "./random.js";
import { decayedFailures, failurePenalty } from "./reliability.js";
import { selectBest } from "./select.js";
import type { FeasibilityCheck, Ranker } from "./stage.js";
import type { Workspace } from "./workspace.js";

export interface PipelineInput {
  ctx: PlacementContext;
  source: CandidateSource;
  checks: readonly FeasibilityCheck[];
  /** Checks before this index are guaranteed by the source (the index's buckets guarantee "role"). */
  firstCheck: number;
  rankers: readonly Ranker[];
  /** Feasible candidates to collect before selecting; Infinity visits every node. */
  limit: number;
  explain: boolean;
  rng: SeededRandom;
  /** Nodes in the index and nodes offering the role (−1: count the role check's failures). */
  nodes: number;
  offering: number;
  /** Buckets of the role the source never visits, each with the check all of its nodes fail. */
  skipped: readonly SkippedBucket[];
}

/** A bucket skipped whole: by resource class (vram) or because its bounds exclude the request. */
export interface SkippedBucket {
  nodes: readonly IndexedNode[];
  check: FeasibilityCheck;
}

export function runPipeline(input: PipelineInput, ws: Workspace): PlacementResult {
  const { ctx, source, checks, firstCheck, rankers, limit, explain, rng } = input;
  const cols = rankers.length;
  const nChecks = checks.length;
  ws.prepare(Number.isFinite(limit) ? limit : 64, cols, nChecks);
  const counts = ws.counts;

  // Feasibility and ranking.
  let k = 0;
  let visited = 0;
  let exhaustive = true;
  for (let node = source.next(); node !== undefined; node = source.next()) {
    visited++;
    let failed = -1;
    for (let c = firstCheck; c < nChecks; c++) {
      if (!checks[c]!.passes(node, ctx)) {
        failed = c;
        break;
      }
    }
    if (failed >= 0) {
      counts[failed]!++;
      if (explain && ws.filteredNodes.length < MAX_FILTERED_EXPLAINED) {
        ws.filteredNodes.push(node);
        ws.filteredBy.push(failed);
      }
      continue;
    }
    if (k >= ws.capacity) ws.grow(k, cols);
    ws.nodes.push(node);
    const row = k * cols;
    for (let r = 0; r < cols; r++) ws.raw[row + r] = rankers[r]!.raw(node, ctx);
    const decayed = node.failures > 0 ? decayedFailures(node.failures, node.failuresAtMs, ctx.nowMs) : 0;
    ws.decayed[k] = decayed;
    ws.penalties[k] = decayed > 0 ? failurePenalty(decayed) : 0;
    ws.tieKeys[k] = rng.nextUint32();
    k++;
    if (k >= limit) {
      exhaustive = source.next() === undefined;
      break;
    }
  }

  // Normalization and weighted totals.
  for (let r = 0; r < cols; r++)
    normalizeColumn(ws.raw, ws.norm, k, cols, r, rankers[r]!.better === "higher");
  const colWeights = ws.colWeights;
  for (let r = 0; r < cols; r++) colWeights[r] = ctx.weights[rankers[r]!.weight];
  for (let i = 0; i < k; i++) {
    let total = 0;
    const row = i * cols;
    for (let r = 0; r < cols; r++) total += colWeights[r]! * ws.norm[row + r]!;
    ws.totals[i] = total - ws.penalties[i]!;
  }

  // Selection.
  const picked = selectBest(ws, k, ctx.req.count, ctx.profile.preferDistinctOperators && ctx.req.count > 1);
  const selected: NodeRecord[] = new Array(picked.length);
  for (let i = 0; i < picked.length; i++) selected[i] = ws.nodes[picked[i]!] as IndexedNode;

  const stats = buildStats(input, checks, counts, visited, k, exhaustive);
  const result: PlacementResult = {
    role: ctx.role,
    selected,
    candidates: buildCandidates(input, ws, k, picked, explain),
    stats,
  };
  if (picked.length < ctx.req.count) result.unplacedReason = unplacedReason(ctx, checks, stats);
  return result;
}
