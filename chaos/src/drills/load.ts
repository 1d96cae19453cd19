/**
 * load: ramp the number of concurrent sessions (each keeping one step in flight) until the step
 * latency p99 passes 100 ms, and report the knee — the largest level still under it — in sessions
 * and in steps per second. Every level's sessions are audited like any other drill's.
 */
import { Role } from "@padmesh/proto";
import { auditDrill } from "../harness/audit-drill.js";
import { workerSpecs } from "../harness/drill-mesh.js";
import { driveSessions, openSessions, type SessionRecord, type TrafficOptions } from "../harness/traffic.js";
import { createReceiptLedger, type ReceiptLedger } from "../ledger/receipt-ledger.js";
import { quantile } from "../report/report.js";
import type { Drill, DrillRunOptions } from "./interface.js";
import { everySessionCompletes, MAX_PRICE, pipelineRoles } from "./session-plan.js";

export const P99_LIMIT_MS = 100;

export interface LoadLevel {
  sessions: number;
  steps: number;
  p50Ms: number | null;
  p99Ms: number | null;
  stepsPerS: number;
}

/** The knee: the last level (in ramp order) whose p99 is within the limit, before the first that is not. */
export function findKnee(levels: readonly LoadLevel[], limitMs = P99_LIMIT_MS): LoadLevel | undefined {
  let knee: LoadLevel | undefined;
  for (const l of levels) {
    if (l.p99Ms === null || l.p99Ms > limitMs) break;
    knee = l;
  }
  return knee;
}

/**
 * Steady-state throughput of a level: compute receipts acknowledged after every session of the
 * level finished its cold-start step, over the time from then to the last one.
 */
function steadyStepsPerS(sessions: readonly SessionRecord[], ledger: ReceiptLedger): number | undefined {
  const ids = new Set(sessions.map((s) => s.sessionHex));
  const bySession = new Map<string, number[]>();
  for (const r of ledger.all()) {
    if (!ids.has(r.sessionId) || r.role !== Role.ROLE_COMPUTE) continue;
    bySession.set(r.sessionId, [...(bySession.get(r.sessionId) ?? []), r.ackAtMs]);
  }
  if (bySession.size < ids.size) return undefined;
  const warmAt = Math.max(...[...bySession.values()].map((t) => Math.min(...t)));
  const after = [...bySession.values()].flat().filter((t) => t > warmAt);
  if (after.length === 0) return undefined;
  const spanS = (Math.max(...after) - warmAt) / 1000;
  return spanS > 0 ? after.length / spanS : undefined;
}

export const load: Drill = {
  name: "load",
  description: "ramp concurrent sessions until step latency p99 passes 100 ms; report the knee",
  mesh: (full) => ({ workers: workerSpecs(full ? 6 : 3, 1) }),
  async run(o: DrillRunOptions) {
    const { mesh } = o;
    const t0 = performance.now();
    const ramp = o.full ? [1, 2, 4, 8, 16, 32] : [1, 2];
    const steps = o.full ? 40 : 6;
    const supplyBefore = await mesh.supply();
    const ledger = createReceiptLedger();
    const roles = await pipelineRoles();
    const levels: LoadLevel[] = [];
    const all: SessionRecord[] = [];
    const coldStarts: number[] = [];
    let overLimit = 0;
    for (const n of ramp) {
      const traffic: TrafficOptions = {
        client: mesh.client,
        ledger,
        sessions: n,
        stepsPerSession: steps,
        inFlightPerSession: 1,
        roles,
        depositPad: 1_000n,
        maxPricePerFuel: MAX_PRICE,
        deadlineMs: performance.now() + 180_000,
        signal: o.signal,
      };
      const sessions = await openSessions(traffic);
      const started = performance.now();
      await driveSessions(sessions, traffic);
      const wallS = (performance.now() - started) / 1000;
      all.push(...sessions);
      // A session's first step also fetches and compiles its modules (a cold start): it is
      // reported apart, and the level's latency is the steady state after it.
      const lat = sessions.flatMap((s) => s.latenciesMs.slice(1));
      coldStarts.push(...sessions.flatMap((s) => s.latenciesMs.slice(0, 1)));
      const done = sessions.reduce((k, s) => k + s.completed.size, 0);
      const level = {
        sessions: n,
        steps: done,
        p50Ms: quantile(lat, 0.5),
        p99Ms: quantile(lat, 0.99),
        stepsPerS: steadyStepsPerS(sessions, ledger) ?? done / wallS,
      };
      levels.push(level);
      mesh.say(
        `load: ${n} sessions → p50 ${level.p50Ms?.toFixed(0)} ms, p99 ${level.p99Ms?.toFixed(0)} ms, ${level.stepsPerS.toFixed(1)} steps/s`,
      );
      // Past the limit, a level or two more shows how throughput and latency bend (informative).
      if (level.p99Ms === null || level.p99Ms > P99_LIMIT_MS) overLimit++;
      if (overLimit > (o.full ? 2 : 0)) break;
    }
    const knee = findKnee(levels);
    return auditDrill({
      drill: "load",
      mesh,
      sessions: all,
      ledger,
      supplyBefore,
      startedAtMs: t0,
      claimWaitMs: o.claimWaitMs,
      keepMesh: o.keepMesh,
      extra: {
        knee_sessions: knee?.sessions ?? null,
        cold_start_p50_ms: quantile(coldStarts, 0.5),
        knee_steps_per_s: knee ? Number(knee.stepsPerS.toFixed(1)) : null,
        knee_p99_ms: knee?.p99Ms ? Number(knee.p99Ms.toFixed(1)) : null,
        first_over_limit_sessions:
          levels.find((l) => l.p99Ms === null || l.p99Ms > P99_LIMIT_MS)?.sessions ?? null,
        peak_steps_per_s: Number(Math.max(...levels.map((l) => l.stepsPerS)).toFixed(1)),
        levels: levels
          .map((l) => `${l.sessions}:${l.p99Ms?.toFixed(0) ?? "—"}ms/${l.stepsPerS.toFixed(1)}sps`)
          .join(" "),
      },
      goals: (f) => [
        {
          name: "knee reported in sessions and steps/s",
          ok: levels.length > 0 && f.steps_completed > 0,
          detail: knee
            ? `knee at ${knee.sessions} sessions, ${knee.stepsPerS.toFixed(1)} steps/s (p99 ${knee.p99Ms?.toFixed(0)} ms)`
            : `p99 above ${P99_LIMIT_MS} ms from the first level (${levels[0]?.p99Ms?.toFixed(0) ?? "—"} ms at 1 session): knee below 1 session`,
        },
        everySessionCompletes(f, "every session completes", ""),
      ],
    });
  },
};
