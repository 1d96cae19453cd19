/**
 * The two kinds of pipeline stage (Nomad's feasible.go and rank.go). Adding a policy is adding one
 * stage: a check that can filter a node out, or a ranker that adds one recorded score.
 */

import type { PlacementContext } from "./context.js";
import type { IndexedNode } from "./indexed-node.js";
import type { PlacementWeights } from "./interface.js";

export interface FeasibilityCheck {
  /** Stable name shown as `filteredBy`, e.g. "vram". */
  readonly name: string;
  /** True when the node passes. Runs per visited node: must not allocate. */
  passes(node: IndexedNode, ctx: PlacementContext): boolean;
  /** Why `node` failed, e.g. "free 4 GiB < need 8 GiB"; only called to explain. */
  explain(node: IndexedNode, ctx: PlacementContext): string;
  /** What the check demanded, e.g. "need 8 GiB"; used in the unplaced reason. */
  requirement(ctx: PlacementContext): string;
}

export interface Ranker {
  /** Score name shown in explanations, e.g. "price". */
  readonly name: string;
  /** The governance weight that scales this score. */
  readonly weight: keyof PlacementWeights;
  /** Whether a higher or a lower raw value is better (normalization maps the best to 1). */
  readonly better: "higher" | "lower";
  /** The raw measure for a feasible node. Runs per feasible candidate: must not allocate. */
  raw(node: IndexedNode, ctx: PlacementContext): number;
}
