import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateAlarms, reconcileAlarms } from "../src/observability/alarms.js";
import { DEFAULT_ALARM_THRESHOLDS as T } from "../src/observability/interface.js";
import { percentile, Ring, ratePerSecond } from "../src/observability/window.js";

describe("windows and percentiles", () => {
  it("a ring keeps the last `capacity` values, oldest first", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.integer()), (cap, xs) => {
        const r = new Ring<number>(cap);
        for (const x of xs) r.push(x);
        expect(r.values()).toEqual(xs.slice(-cap));
      }),
    );
  });

  it("nearest-rank percentiles are members, ordered, and bounded by min and max", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: 0, max: 1e6 }), { minLength: 1 }), (xs) => {
        const [p50, p95, p99] = [50, 95, 99].map((p) => percentile(xs, p) as number);
        expect(xs).toContain(p50);
        expect(p50).toBeLessThanOrEqual(p95 as number);
        expect(p95).toBeLessThanOrEqual(p99 as number);
        expect(percentile(xs, 100)).toBe(Math.max(...xs));
        expect(percentile(xs, 0)).toBe(Math.min(...xs));
      }),
    );
    expect(percentile([], 50)).toBeUndefined();
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  });

  it("rate per second counts only the window", () => {
    const samples = [
      { atMs: 0, value: 100 },
      { atMs: 50_000, value: 60 },
      { atMs: 60_000, value: 60 },
    ];
    expect(ratePerSecond(samples, 60_000, 60_000)).toBe(2);
    expect(ratePerSecond(samples, 60_000, 10_000)).toBe(6);
  });
});

describe("alarm rules", () => {
  const session = {
    sessionId: "s",
    open: true,
    windowSteps: 100,
    errorRate: 0,
    p95Ms: 10,
    depositWei: 1_000n,
    spentWei: 0n,
  };

  it("fire exactly past their thresholds", () => {
    const ids = (over: Partial<typeof session>, node = { peerId: "n", flaps: 0, steps: 100, errorRate: 0 }) =>
      evaluateAlarms({ nodes: [node], sessions: [{ ...session, ...over }] }, T).map((c) => c.id);
    expect(ids({})).toEqual([]);
    expect(ids({ errorRate: T.errorRate })).toEqual([]);
    expect(ids({ errorRate: T.errorRate + 0.01 })).toEqual(["step_error_rate:s"]);
    expect(ids({ errorRate: 1, windowSteps: T.minSteps - 1 })).toEqual([]);
    expect(ids({ p95Ms: T.latencySloMs + 1 })).toEqual(["latency_slo:s"]);
    expect(ids({ spentWei: 901n })).toEqual(["escrow_low:s"]);
    expect(ids({ spentWei: 900n })).toEqual([]);
    expect(ids({ spentWei: 1_000n, open: false })).toEqual([]);
    expect(ids({}, { peerId: "n", flaps: T.flapTransitions, steps: 0, errorRate: 0 })).toEqual([
      "node_flapping:n",
    ]);
    expect(ids({}, { peerId: "n", flaps: 0, steps: 100, errorRate: 0.5 })).toEqual(["step_error_rate:n"]);
  });

  it("escrow spent beyond the deposit is critical", () => {
    const [c] = evaluateAlarms({ nodes: [], sessions: [{ ...session, spentWei: 1_000n }] }, T);
    expect(c).toMatchObject({ kind: "escrow_low", severity: "critical" });
  });
});

describe("alarm reconcile", () => {
  it("raises once per condition, keeps raise time, resolves when the condition clears", () => {
    const c = evaluateAlarms({ nodes: [{ peerId: "n", flaps: 9, steps: 0, errorRate: 0 }], sessions: [] }, T);
    const r1 = reconcileAlarms(new Map(), c, 1_000);
    expect(r1.raised.map((a) => a.id)).toEqual(["node_flapping:n"]);
    const r2 = reconcileAlarms(r1.active, c, 2_000);
    expect(r2.raised).toEqual([]);
    expect(r2.active.get("node_flapping:n")?.raisedAtMs).toBe(1_000);
    const r3 = reconcileAlarms(r2.active, [], 3_000);
    expect(r3.active.size).toBe(0);
    expect(r3.resolved).toMatchObject([{ id: "node_flapping:n", raisedAtMs: 1_000, resolvedAtMs: 3_000 }]);
  });

  it("active alarms always equal the current conditions (property)", () => {
    const cond = fc.constantFrom("a", "b", "c").map((subject) => ({
      id: `node_flapping:${subject}`,
      kind: "node_flapping" as const,
      subject,
      severity: "warning" as const,
      message: "",
      value: 5,
      threshold: 4,
    }));
    fc.assert(
      fc.property(fc.array(fc.uniqueArray(cond, { selector: (c) => c.id })), (rounds) => {
        let active = new Map();
        let t = 0;
        for (const conditions of rounds) {
          const r = reconcileAlarms(active, conditions, ++t);
          expect([...r.active.keys()].sort()).toEqual(conditions.map((c) => c.id).sort());
          for (const a of r.resolved) expect(active.has(a.id)).toBe(true);
          for (const a of r.raised) expect(active.has(a.id)).toBe(false);
          active = r.active;
        }
      }),
    );
  });
});
