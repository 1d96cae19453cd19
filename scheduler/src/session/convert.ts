/**
 * Conversions between wire messages and journal records. Pure.
 */
import {
  type Capacity,
  type CreateSessionRequest,
  fromHex,
  type LeaseInfo,
  LeaseState,
  PlacementStrategy,
  Role,
  toHex,
} from "@padmesh/proto";
import { InvalidRequestError } from "../errors.js";
import type { Lease, LeaseStatus } from "../lease/machine.js";
import type { CapacityRecord, RoleSpec } from "./record.js";

const STATE: Record<LeaseStatus, LeaseState> = {
  requested: LeaseState.LEASE_STATE_REQUESTED,
  offered: LeaseState.LEASE_STATE_OFFERED,
  accepted: LeaseState.LEASE_STATE_ACCEPTED,
  running: LeaseState.LEASE_STATE_RUNNING,
  completed: LeaseState.LEASE_STATE_COMPLETED,
  failed: LeaseState.LEASE_STATE_FAILED,
  confirmed: LeaseState.LEASE_STATE_CONFIRMED,
  settled: LeaseState.LEASE_STATE_SETTLED,
};

export function leaseStateOf(status: LeaseStatus): LeaseState {
  return STATE[status];
}

export function leaseInfo(l: Lease): LeaseInfo {
  return {
    leaseId: fromHex(l.leaseId),
    role: l.role,
    peerId: l.peerId,
    operator: l.operator,
    state: STATE[l.status],
    pricePerFuel: l.pricePerFuel,
    moduleHash: fromHex(l.moduleHash),
  };
}

export function capacityRecord(c: Capacity | undefined): CapacityRecord {
  return {
    cpuMillis: c?.cpuMillis ?? 0,
    ramBytes: c?.ramBytes ?? 0n,
    vramBytes: c?.vramBytes ?? 0n,
    gpus: c?.gpus ?? 0,
    leaseSlots: Math.max(1, c?.leaseSlots ?? 1),
  };
}

export function capacityOf(c: CapacityRecord): Capacity {
  return { ...c };
}

/** Validate and convert a CreateSession request's roles. Throws InvalidRequestError. */
export function roleSpecs(req: CreateSessionRequest): RoleSpec[] {
  if (req.roles.length === 0) throw new InvalidRequestError("a session needs at least one role");
  const seen = new Set<number>();
  const specs = req.roles.map((r) => {
    if (r.role < Role.ROLE_COMPUTE || r.role > Role.ROLE_VERIFICATION) {
      throw new InvalidRequestError(`unknown role ${r.role}`);
    }
    if (r.role === Role.ROLE_COORDINATION && r.count > 1) {
      // One ledger per session: two coordinators would each hold half of it.
      throw new InvalidRequestError(`role ${r.role}: a session has one coordinator, not ${r.count}`);
    }
    if (seen.has(r.role)) throw new InvalidRequestError(`role ${r.role} asked twice`);
    seen.add(r.role);
    if (r.role !== Role.ROLE_VERIFICATION && r.moduleHash.length !== 32) {
      throw new InvalidRequestError(`role ${r.role}: module_hash must be 32 bytes`);
    }
    if (r.count > 16) throw new InvalidRequestError(`role ${r.role}: count ${r.count} over 16`);
    return {
      role: r.role,
      count: Math.max(1, r.count),
      moduleHash: r.moduleHash.length === 32 ? toHex(r.moduleHash) : toHex(new Uint8Array(32)),
      resources: capacityRecord(r.resources),
      minBandwidthBps: r.minBandwidthBps,
      maxPricePerFuel: r.maxPricePerFuel,
      region: r.region,
      strategy:
        r.strategy === PlacementStrategy.PLACEMENT_STRATEGY_UNSPECIFIED
          ? r.role === Role.ROLE_EXECUTION || r.role === Role.ROLE_COORDINATION
            ? PlacementStrategy.PLACEMENT_STRATEGY_LATENCY
            : PlacementStrategy.PLACEMENT_STRATEGY_THROUGHPUT
          : r.strategy,
    } satisfies RoleSpec;
  });
  if (!seen.has(Role.ROLE_COMPUTE)) throw new InvalidRequestError("a session needs a compute role");
  return specs;
}
