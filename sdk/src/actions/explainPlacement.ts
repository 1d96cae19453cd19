import { type ExplainPlacementResponse, Role } from "@padmesh/proto";
import type { MeshClient } from "../client/createMeshClient.js";
import { unary } from "../client/transport.js";
import type { SchedulerCallError } from "../errors.js";

export interface ExplainPlacementParameters {
  sessionId: Uint8Array;
}
export type ExplainPlacementReturnType = ExplainPlacementResponse;
export type ExplainPlacementErrorType = SchedulerCallError;

/**
 * Why the session's roles went where they did: every candidate with its scores, or the check that
 * filtered it out, and why a role could not be placed.
 * @example
 * const why = await explainPlacement(client, { sessionId });
 * console.log(formatExplanation(why));
 */
export async function explainPlacement(
  client: MeshClient,
  params: ExplainPlacementParameters,
): Promise<ExplainPlacementReturnType> {
  const s = client.transport.scheduler;
  return unary("ExplainPlacement", s.explainPlacement.bind(s), { sessionId: params.sessionId });
}

const ROLE_NAMES: Record<number, string> = {
  [Role.ROLE_COMPUTE]: "compute",
  [Role.ROLE_EXECUTION]: "execution",
  [Role.ROLE_COORDINATION]: "coordination",
  [Role.ROLE_VERIFICATION]: "verification",
};

/** Render an explanation as a table for people. */
export function formatExplanation(e: ExplainPlacementResponse): string {
  const lines: string[] = [];
  for (const r of e.roles) {
    lines.push(
      `${ROLE_NAMES[r.role] ?? r.role}: ${r.selected.length ? `placed on ${r.selected.join(", ")}` : "NOT placed"}`,
    );
    if (r.unplacedReason) lines.push(`  why: ${r.unplacedReason}`);
    for (const c of r.candidates) {
      const mark = c.selected ? "*" : c.feasible ? " " : "x";
      const scores = c.scores.map((s) => `${s.name}=${s.normalized.toFixed(2)}×${s.weight}`).join(" ");
      const what = c.feasible
        ? `total=${c.total.toFixed(3)} ${scores}`
        : `filtered by ${c.filteredBy}: ${c.detail}`;
      lines.push(`  ${mark} ${c.peerId.slice(-12)} ${what}`);
    }
  }
  return lines.join("\n");
}
