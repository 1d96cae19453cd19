/** Capacity arithmetic over the proto `Capacity` message. Pure; never goes below zero. */

import type { Capacity } from "@padmesh/proto";

export function zeroCapacity(): Capacity {
  return { cpuMillis: 0, ramBytes: 0n, vramBytes: 0n, gpus: 0, leaseSlots: 0 };
}

export function addCapacity(a: Capacity, b: Capacity): Capacity {
  return {
    cpuMillis: a.cpuMillis + b.cpuMillis,
    ramBytes: a.ramBytes + b.ramBytes,
    vramBytes: a.vramBytes + b.vramBytes,
    gpus: a.gpus + b.gpus,
    leaseSlots: a.leaseSlots + b.leaseSlots,
  };
}

/** a − b, each field clamped at zero. */
export function subtractCapacity(a: Capacity, b: Capacity): Capacity {
  return {
    cpuMillis: Math.max(0, a.cpuMillis - b.cpuMillis),
    ramBytes: a.ramBytes > b.ramBytes ? a.ramBytes - b.ramBytes : 0n,
    vramBytes: a.vramBytes > b.vramBytes ? a.vramBytes - b.vramBytes : 0n,
    gpus: Math.max(0, a.gpus - b.gpus),
    leaseSlots: Math.max(0, a.leaseSlots - b.leaseSlots),
  };
}

/** True when every field of `need` fits in `free`. */
export function fitsIn(need: Capacity, free: Capacity): boolean {
  return (
    need.cpuMillis <= free.cpuMillis &&
    need.ramBytes <= free.ramBytes &&
    need.vramBytes <= free.vramBytes &&
    need.gpus <= free.gpus &&
    need.leaseSlots <= free.leaseSlots
  );
}

export function sameCapacity(a: Capacity, b: Capacity): boolean {
  return (
    a.cpuMillis === b.cpuMillis &&
    a.ramBytes === b.ramBytes &&
    a.vramBytes === b.vramBytes &&
    a.gpus === b.gpus &&
    a.leaseSlots === b.leaseSlots
  );
}

/** What one lease takes from a node: the requested resources, and always at least one lease slot. */
export function leaseDemand(resources: Capacity): Capacity {
  return resources.leaseSlots >= 1 ? resources : { ...resources, leaseSlots: 1 };
}
