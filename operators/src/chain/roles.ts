/** Operator roles as the OperatorRegistry stores them: a bitmask (compute 1, execution 2, coordination 4, verification 8). */
import { CliArgumentError } from "./errors.js";

export const ROLE_BITS = { compute: 1, execution: 2, coordination: 4, verification: 8 } as const;
export type RoleName = keyof typeof ROLE_BITS;
export const ROLE_NAMES = Object.keys(ROLE_BITS) as RoleName[];

/**
 * "compute,execution" → 3; throws CliArgumentError on an unknown or empty list.
 * @example parseRoles("compute,verification") // 9
 */
export function parseRoles(text: string): number {
  const names = text
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (names.length === 0)
    throw new CliArgumentError("roles", `--roles needs at least one of ${ROLE_NAMES.join(", ")}`);
  let bits = 0;
  for (const n of names) {
    const bit = (ROLE_BITS as Record<string, number>)[n];
    if (bit === undefined) {
      throw new CliArgumentError(
        "roles",
        `unknown role "${n}": use a comma list of ${ROLE_NAMES.join(", ")}`,
      );
    }
    bits |= bit;
  }
  return bits;
}

/** 3 → ["compute", "execution"]. */
export function roleNames(bits: number): RoleName[] {
  return ROLE_NAMES.filter((n) => (bits & ROLE_BITS[n]) !== 0);
}
