/** Reserve, in the index, what a placement offers to each selected node. */

import type { Capacity } from "@padmesh/proto";
import { leaseDemand } from "./capacity.js";
import type { AdvertIndex, PlacementResult } from "./interface.js";

/**
 * Reserve one lease's demand (`resources`, at least one lease slot) on every selected node, so the
 * next decision does not offer the same capacity again. Release with the same `resources` when an
 * offer is rejected.
 * @example
 * const r = place(index, req, params);
 * reservePlacement(index, r, req.resources);
 * // node rejected the offer:
 * releaseLease(index, r.selected[0].peerId, req.resources);
 */
export function reservePlacement(
  index: AdvertIndex,
  result: PlacementResult,
  resources: Capacity,
  atMs?: number,
): void {
  const demand = leaseDemand(resources);
  for (const node of result.selected) index.reserve(node.peerId, demand, atMs);
}

/** Give back one lease's reservation on `peerId` (offer rejected or lease ended before a new advert). */
export function releaseLease(index: AdvertIndex, peerId: string, resources: Capacity): void {
  index.release(peerId, leaseDemand(resources));
}
