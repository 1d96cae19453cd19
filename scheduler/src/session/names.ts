/** Readable names for the generated (const-object) protobuf enums, for logs, metrics and events. */
import { LeaseRejectReason, LeaseState, Role } from "@padmesh/proto";

function reverse(obj: Record<string, number>, prefix: string): Map<number, string> {
  return new Map(
    Object.entries(obj).map(([k, v]) => [v, k.startsWith(prefix) ? k.slice(prefix.length).toLowerCase() : k]),
  );
}

const ROLES = reverse(Role, "ROLE_");
const REJECT = reverse(LeaseRejectReason, "LEASE_REJECT_REASON_");
const STATES = reverse(LeaseState, "LEASE_STATE_");

export const roleName = (r: number): string => ROLES.get(r) ?? String(r);
export const rejectReasonName = (r: number): string => REJECT.get(r) ?? String(r);
export const leaseStateName = (s: number): string => STATES.get(s) ?? String(s);
