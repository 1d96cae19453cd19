/**
 * Alarm rules, pure: from indicators and thresholds to the conditions that hold now, then a
 * reconcile step that turns conditions into raised and resolved alarms (one per kind and subject).
 */
import type { Alarm, AlarmKind, AlarmThresholds } from "./interface.js";

/** What the rules read: plain numbers per node and per session. */
export interface AlarmInputs {
  nodes: { peerId: string; flaps: number; steps: number; errorRate: number }[];
  sessions: {
    sessionId: string;
    open: boolean;
    /** Outcomes in the window (for min-steps gating). */
    windowSteps: number;
    errorRate: number;
    p95Ms: number | null;
    depositWei: bigint | null;
    spentWei: bigint;
  }[];
}

export type AlarmCondition = Omit<Alarm, "raisedAtMs" | "resolvedAtMs">;

function condition(
  kind: AlarmKind,
  subject: string,
  severity: Alarm["severity"],
  message: string,
  value: number,
  threshold: number,
): AlarmCondition {
  return { id: `${kind}:${subject}`, kind, subject, severity, message, value, threshold };
}

const short = (id: string) => (id.length > 14 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id);

/** The alarm conditions that hold for these inputs. */
export function evaluateAlarms(inputs: AlarmInputs, t: AlarmThresholds): AlarmCondition[] {
  const out: AlarmCondition[] = [];
  for (const n of inputs.nodes) {
    if (n.flaps >= t.flapTransitions) {
      out.push(
        condition(
          "node_flapping",
          n.peerId,
          "warning",
          `node ${short(n.peerId)} went up/down ${n.flaps} times in ${t.flapWindowMs / 1000} s`,
          n.flaps,
          t.flapTransitions,
        ),
      );
    }
    if (n.steps >= t.minSteps && n.errorRate > t.errorRate) {
      out.push(
        condition(
          "step_error_rate",
          n.peerId,
          "critical",
          `node ${short(n.peerId)} fails ${(n.errorRate * 100).toFixed(1)}% of steps`,
          n.errorRate,
          t.errorRate,
        ),
      );
    }
  }
  for (const s of inputs.sessions) {
    if (!s.open) continue;
    if (s.windowSteps >= t.minSteps && s.errorRate > t.errorRate) {
      out.push(
        condition(
          "step_error_rate",
          s.sessionId,
          "critical",
          `session ${short(s.sessionId)} fails ${(s.errorRate * 100).toFixed(1)}% of steps`,
          s.errorRate,
          t.errorRate,
        ),
      );
    }
    if (s.windowSteps >= t.minSteps && s.p95Ms !== null && s.p95Ms > t.latencySloMs) {
      out.push(
        condition(
          "latency_slo",
          s.sessionId,
          "warning",
          `session ${short(s.sessionId)} p95 step latency ${s.p95Ms.toFixed(0)} ms > SLO ${t.latencySloMs} ms`,
          s.p95Ms,
          t.latencySloMs,
        ),
      );
    }
    if (s.depositWei !== null && s.depositWei > 0n) {
      const left = Number(s.depositWei - s.spentWei) / Number(s.depositWei);
      if (left < t.escrowLowFraction) {
        out.push(
          condition(
            "escrow_low",
            s.sessionId,
            left <= 0 ? "critical" : "warning",
            `session ${short(s.sessionId)} has ${(Math.max(left, 0) * 100).toFixed(1)}% of its escrow left`,
            left,
            t.escrowLowFraction,
          ),
        );
      }
    }
  }
  return out;
}

export interface ReconcileResult {
  active: Map<string, Alarm>;
  raised: Alarm[];
  resolved: Alarm[];
}

/** New conditions raise alarms; alarms whose condition no longer holds resolve. Pure. */
export function reconcileAlarms(
  active: ReadonlyMap<string, Alarm>,
  conditions: readonly AlarmCondition[],
  nowMs: number,
): ReconcileResult {
  const next = new Map<string, Alarm>();
  const raised: Alarm[] = [];
  for (const c of conditions) {
    const prev = active.get(c.id);
    if (prev) next.set(c.id, { ...prev, message: c.message, value: c.value, severity: c.severity });
    else {
      const a: Alarm = { ...c, raisedAtMs: nowMs };
      next.set(c.id, a);
      raised.push(a);
    }
  }
  const resolved: Alarm[] = [];
  for (const [id, a] of active) if (!next.has(id)) resolved.push({ ...a, resolvedAtMs: nowMs });
  return { active: next, raised, resolved };
}
