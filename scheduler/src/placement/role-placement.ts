/** A placement result as the `RolePlacement` proto message returned by ExplainPlacement. */

import type { Candidate, RolePlacement } from "@padmesh/proto";
import type { PlacementResult } from "./interface.js";

/**
 * @example
 * const decision = toRolePlacement(place(index, req, params), Date.now());
 * journal.put(key, encodeMessage(RolePlacement, decision));
 */
export function toRolePlacement(r: PlacementResult, decidedAtMs: number): RolePlacement {
  const candidates: Candidate[] = r.candidates.map((c) => ({
    peerId: c.peerId,
    feasible: c.feasible,
    filteredBy: c.filteredBy ?? "",
    detail: c.detail ?? "",
    scores: c.scores.map((s) => ({ name: s.name, raw: s.raw, normalized: s.normalized, weight: s.weight })),
    total: c.total,
    selected: c.selected,
  }));
  return {
    role: r.role,
    candidates,
    selected: r.selected.map((n) => n.peerId),
    unplacedReason: r.unplacedReason ?? "",
    decidedAtMs: BigInt(Math.max(0, Math.floor(decidedAtMs))),
  };
}
