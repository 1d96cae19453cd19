/**
 * Explanations: every visited node with its scores or the check that filtered it, the counts
 * behind the decision, and, when a role could not be placed, one sentence saying why, e.g.
 * "3 of 12 nodes offer execution; 2 filtered by vram (need 8 GiB), 1 by price (cap 100 wei/fuel); 0 feasible, 1 needed".
 */

import type { PlacementContext } from "./context.js";
import type { CandidateExplanation, PlacementStats, ScoreExplanation } from "./interface.js";
import type { PipelineInput } from "./pipeline.js";
import { roleName } from "./roles.js";
import type { FeasibilityCheck } from "./stage.js";
import type { Workspace } from "./workspace.js";

/** Filtered nodes listed one by one in an explanation; the rest are only counted (in `stats.filtered`). */
export const MAX_FILTERED_EXPLAINED = 32;

export function buildStats(
  input: PipelineInput,
  checks: readonly FeasibilityCheck[],
  counts: Int32Array,
  visited: number,
  feasible: number,
  exhaustive: boolean,
): PlacementStats {
  const filtered: Record<string, number> = {};
  // A full scan counts the role check itself; the index's buckets only hold nodes offering the role.
  const offering = input.offering >= 0 ? input.offering : input.nodes - counts[0]!;
  for (const b of input.skipped) filtered[b.check.name] = (filtered[b.check.name] ?? 0) + b.nodes.length;
  if (input.firstCheck > 0 && offering < input.nodes) filtered.role = input.nodes - offering;
  for (let c = 0; c < checks.length; c++) {
    const n = counts[c]!;
    if (n > 0) filtered[checks[c]!.name] = (filtered[checks[c]!.name] ?? 0) + n;
  }
  return { nodes: input.nodes, offeringRole: offering, visited, feasible, filtered, exhaustive };
}

function scoresOf(input: PipelineInput, ws: Workspace, i: number): ScoreExplanation[] {
  const { rankers, ctx } = input;
  const cols = rankers.length;
  const scores: ScoreExplanation[] = new Array(cols + 1);
  for (let r = 0; r < cols; r++) {
    const ranker = rankers[r]!;
    scores[r] = {
      name: ranker.name,
      raw: ws.raw[i * cols + r]!,
      normalized: ws.norm[i * cols + r]!,
      weight: ctx.weights[ranker.weight],
    };
  }
  scores[cols] = { name: "failures", raw: ws.decayed[i]!, normalized: -ws.penalties[i]!, weight: 1 };
  return scores;
}

function feasibleCandidate(
  input: PipelineInput,
  ws: Workspace,
  i: number,
  selected: boolean,
): CandidateExplanation {
  return {
    peerId: ws.nodes[i]!.peerId,
    feasible: true,
    scores: scoresOf(input, ws, i),
    total: ws.totals[i]!,
    selected,
  };
}

/** Selected first (best first), then the other feasible ones by total, then filtered ones. */
export function buildCandidates(
  input: PipelineInput,
  ws: Workspace,
  k: number,
  picked: readonly number[],
  explain: boolean,
): CandidateExplanation[] {
  const out: CandidateExplanation[] = [];
  for (const i of picked) out.push(feasibleCandidate(input, ws, i, true));
  if (!explain) return out;
  const rest: number[] = [];
  for (let i = 0; i < k; i++) if (ws.taken[i] !== 1) rest.push(i);
  rest.sort((a, b) => ws.totals[b]! - ws.totals[a]! || ws.tieKeys[a]! - ws.tieKeys[b]!);
  for (const i of rest) out.push(feasibleCandidate(input, ws, i, false));
  for (let f = 0; f < ws.filteredNodes.length; f++) {
    const node = ws.filteredNodes[f]!;
    const check = input.checks[ws.filteredBy[f]!]!;
    out.push({
      peerId: node.peerId,
      feasible: false,
      filteredBy: check.name,
      detail: check.explain(node, input.ctx),
      scores: [],
      total: 0,
      selected: false,
    });
  }
  // Nodes in buckets the index skipped whole: every one of them fails the bucket's check.
  let room = MAX_FILTERED_EXPLAINED - ws.filteredNodes.length;
  for (const { nodes, check } of input.skipped) {
    for (let j = 0; j < nodes.length && room > 0; j++, room--) {
      out.push({
        peerId: nodes[j]!.peerId,
        feasible: false,
        filteredBy: check.name,
        detail: check.explain(nodes[j]!, input.ctx),
        scores: [],
        total: 0,
        selected: false,
      });
    }
  }
  return out;
}

/** Why fewer than `count` nodes were chosen, from the (exhaustive) stats. */
export function unplacedReason(
  ctx: PlacementContext,
  checks: readonly FeasibilityCheck[],
  stats: PlacementStats,
): string {
  const role = roleName(ctx.role);
  const head = `${stats.offeringRole} of ${stats.nodes} node${stats.nodes === 1 ? "" : "s"} offer ${role}`;
  if (stats.offeringRole === 0) return head;
  const parts: string[] = [];
  const byName = new Map(checks.map((c) => [c.name, c]));
  const entries = Object.entries(stats.filtered)
    .filter(([name]) => name !== "role")
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  for (const [name, n] of entries) {
    const check = byName.get(name);
    const why = check ? ` (${check.requirement(ctx)})` : "";
    parts.push(parts.length === 0 ? `${n} filtered by ${name}${why}` : `${n} by ${name}${why}`);
  }
  const tail = `${stats.feasible} feasible, ${ctx.req.count} needed`;
  return parts.length > 0 ? `${head}; ${parts.join(", ")}; ${tail}` : `${head}; ${tail}`;
}
