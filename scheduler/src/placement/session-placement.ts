/**
 * Placing a whole session: every role of a CreateSessionRequest, all or nothing. Roles that do
 * work are placed first and reserved as they go, so two roles of one session never count the
 * same free capacity twice; verification roles come last and are kept off every peer and
 * operator chosen for the work they verify (anti-affinity). If any role cannot be placed,
 * everything reserved here is released again.
 */

import { Role, type RoleRequirement } from "@padmesh/proto";
import { leaseDemand, zeroCapacity } from "./capacity.js";
import type { AdvertIndex, PlacementParams, PlacementRequest, PlacementResult } from "./interface.js";
import { type PlaceOptionsWithChecks, place } from "./place.js";
import { releaseLease, reservePlacement } from "./reserve-placement.js";

/** A PlacementRequest from a proto RoleRequirement. */
export function requestFromRequirement(sessionId: Uint8Array, r: RoleRequirement): PlacementRequest {
  return {
    sessionId,
    role: r.role,
    count: r.count,
    resources: r.resources ?? zeroCapacity(),
    minBandwidthBps: r.minBandwidthBps,
    maxPricePerFuel: r.maxPricePerFuel,
    region: r.region,
    strategy: r.strategy,
  };
}

export interface SessionPlacement {
  /** True when every role got all the nodes it asked for (and they are reserved in the index). */
  placed: boolean;
  /** One result per requirement, in the order given. */
  roles: PlacementResult[];
}

export interface PlaceSessionOptions extends PlaceOptionsWithChecks {
  /** Peers and operators no role may use (e.g. nodes that just failed this session). */
  excludePeers?: ReadonlySet<string>;
  excludeOperators?: ReadonlySet<string>;
  /** Scheduler clock for the reservations. */
  atMs?: number;
}

/**
 * Place every role of a session; on success the selected capacity is reserved, on failure
 * nothing stays reserved. The caller releases a lease's reservation (`releaseLease`) when the
 * node rejects the offer.
 * @example
 * const s = placeSession(index, sessionId, createReq.roles.map((r) => requestFromRequirement(sessionId, r)), params);
 * if (!s.placed) throw new Error(s.roles.find((r) => r.unplacedReason)?.unplacedReason);
 */
export function placeSession(
  index: AdvertIndex,
  requests: readonly PlacementRequest[],
  params: PlacementParams,
  opts: PlaceSessionOptions = {},
): SessionPlacement {
  const results: PlacementResult[] = new Array(requests.length);
  const reserved: { peerId: string; req: PlacementRequest }[] = [];
  const workPeers = new Set<string>(opts.excludePeers ?? []);
  const workOperators = new Set<string>(opts.excludeOperators ?? []);
  const order = requests
    .map((req, i) => ({ req, i }))
    .sort(
      (a, b) => Number(a.req.role === Role.ROLE_VERIFICATION) - Number(b.req.role === Role.ROLE_VERIFICATION),
    );
  let placed = true;
  for (const { req, i } of order) {
    const verifying = req.role === Role.ROLE_VERIFICATION;
    const peers = verifying
      ? workPeers
      : new Set([...(opts.excludePeers ?? []), ...(req.excludePeers ?? [])]);
    const operators = verifying
      ? workOperators
      : new Set([...(opts.excludeOperators ?? []), ...(req.excludeOperators ?? [])]);
    const r = place(index, { ...req, excludePeers: peers, excludeOperators: operators }, params, opts);
    results[i] = r;
    if (r.unplacedReason !== undefined) placed = false;
    if (!placed) continue;
    reservePlacement(index, r, req.resources, opts.atMs);
    for (const n of r.selected) {
      reserved.push({ peerId: n.peerId, req });
      if (!verifying) {
        workPeers.add(n.peerId);
        workOperators.add(n.operator);
      }
    }
  }
  if (!placed) for (const x of reserved) releaseLease(index, x.peerId, leaseDemand(x.req.resources));
  return { placed, roles: results };
}
