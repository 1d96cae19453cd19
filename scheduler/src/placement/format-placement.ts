/**
 * Text rendering of a `RolePlacement` for `padmesh explain <session>`: the decision line, then one
 * line per candidate — selected ones marked `*`, feasible ones with total and per-score
 * `name=normalized×weight (raw)`, filtered ones with the check and why.
 */

import type { RolePlacement } from "@padmesh/proto";
import { roleName } from "./roles.js";

const fixed = (v: number, digits: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(digits));

/**
 * @example
 * for (const role of (await admin.explainPlacement({ sessionId })).roles) console.log(formatRolePlacement(role));
 */
export function formatRolePlacement(p: RolePlacement): string {
  const lines: string[] = [];
  const when = new Date(Number(p.decidedAtMs)).toISOString();
  const head = `${roleName(p.role)}: ${p.selected.length > 0 ? `placed on ${p.selected.join(", ")}` : "not placed"} (decided ${when})`;
  lines.push(head);
  if (p.unplacedReason) lines.push(`  why: ${p.unplacedReason}`);
  for (const c of p.candidates) {
    if (!c.feasible) {
      lines.push(`    ${c.peerId}  filtered by ${c.filteredBy}: ${c.detail}`);
      continue;
    }
    const scores = c.scores
      .map((s) => `${s.name}=${fixed(s.normalized, 2)}×${fixed(s.weight, 2)} (${fixed(s.raw, 3)})`)
      .join(" ");
    lines.push(`  ${c.selected ? "*" : " "} ${c.peerId}  total ${c.total.toFixed(3)}  ${scores}`);
  }
  return lines.join("\n");
}
