/**
 * Selection (Nomad's select.go): the `count` highest totals among the ranked candidates, each a
 * different node; ties go to the lower seeded tie-break key, so equal nodes share load at random
 * but the same seed always gives the same plan. With `distinctOperators`, nodes of operators not
 * chosen yet come first (one operator going down takes at most one of the role's leases).
 */

import type { Workspace } from "./workspace.js";

function better(ws: Workspace, i: number, j: number): boolean {
  if (j < 0) return true;
  const ti = ws.totals[i]!;
  const tj = ws.totals[j]!;
  return ti > tj || (ti === tj && ws.tieKeys[i]! < ws.tieKeys[j]!);
}

/** Indices into the workspace's candidates, best first. */
export function selectBest(ws: Workspace, k: number, count: number, distinctOperators: boolean): number[] {
  const picked: number[] = [];
  if (count <= 0 || k === 0) return picked;
  const taken = ws.taken;
  taken.fill(0, 0, k);
  while (picked.length < count && picked.length < k) {
    let best = -1;
    if (distinctOperators) {
      for (let i = 0; i < k; i++) {
        if (taken[i] === 1 || !better(ws, i, best)) continue;
        const op = ws.nodes[i]!.operatorKey;
        let used = false;
        for (const p of picked) if (ws.nodes[p]!.operatorKey === op) used = true;
        if (!used) best = i;
      }
    }
    if (best < 0) {
      for (let i = 0; i < k; i++) if (taken[i] === 0 && better(ws, i, best)) best = i;
    }
    taken[best] = 1;
    picked.push(best);
  }
  return picked;
}
