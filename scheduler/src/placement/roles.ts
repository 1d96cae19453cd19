/** Role names as used in governance parameter names and explanations. */

import { Role } from "@padmesh/proto";

/** Array size for per-role tables indexed by the Role enum value. */
export const ROLE_SLOTS = 5;

export const PLACEABLE_ROLES: readonly Role[] = [
  Role.ROLE_COMPUTE,
  Role.ROLE_EXECUTION,
  Role.ROLE_COORDINATION,
  Role.ROLE_VERIFICATION,
];

const NAMES: Record<number, string> = {
  [Role.ROLE_COMPUTE]: "compute",
  [Role.ROLE_EXECUTION]: "execution",
  [Role.ROLE_COORDINATION]: "coordination",
  [Role.ROLE_VERIFICATION]: "verification",
};

/** "compute", "execution", "coordination", "verification"; "role <n>" otherwise. */
export function roleName(role: Role): string {
  return NAMES[role] ?? `role ${role}`;
}

export function isPlaceableRole(role: number): role is Role {
  return role >= 1 && role < ROLE_SLOTS && Number.isInteger(role);
}
