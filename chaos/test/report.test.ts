/** The pure parts of the drills: quantiles, the receipt ledger's duplicate/conflict detection, knee and sampling bounds. */
import { type Receipt, Role } from "@padmesh/proto";
import type { VerifiedReceipt } from "@padmesh/sdk";
import { describe, expect, it } from "vitest";
import { withinSamplingBounds } from "../src/drills/byzantine.js";
import { findKnee } from "../src/drills/load.js";
import { createRandom } from "../src/harness/random.js";
import { createReceiptLedger } from "../src/ledger/receipt-ledger.js";
import {
  aggregateReports,
  buildReport,
  emptyFigures,
  quantile,
  reportJson,
  reportTable,
} from "../src/report/report.js";

const lease = (n: number) => Uint8Array.from({ length: 32 }, () => n);
function receipt(
  leaseN: number,
  sequence: bigint,
  hashN: number,
  role: Role = Role.ROLE_COMPUTE,
): VerifiedReceipt {
  const r = {
    sessionId: lease(9),
    leaseId: lease(leaseN),
    role,
    sequence,
    outputHash: new Uint8Array(32),
    fuelUsed: 10n,
    pricePerFuel: 3n,
    operator: "0x00000000000000000000000000000000000000aa",
  } as unknown as Receipt;
  return { receipt: r, hash: Uint8Array.from({ length: 32 }, () => hashN), leaseId: "" };
}

describe("quantile", () => {
  it("takes the nearest rank", () => {
    expect(quantile([], 0.99)).toBeNull();
    expect(quantile([5], 0.99)).toBe(5);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(hundred, 0.99)).toBe(99);
    expect(quantile(hundred, 0.5)).toBe(50);
    expect(quantile([3, 1, 2], 1)).toBe(3);
  });
});

describe("receipt ledger", () => {
  it("counts a redelivered receipt as duplicated and a different one at the same place as conflicting", () => {
    const l = createReceiptLedger();
    l.acknowledge(lease(9), [receipt(1, 1n, 1), receipt(1, 2n, 2)]);
    expect(l.acknowledged).toBe(2);
    l.acknowledge(lease(9), [receipt(1, 1n, 1)]);
    expect(l.duplicated).toBe(1);
    l.acknowledge(lease(9), [receipt(1, 2n, 7)]);
    expect(l.conflicting).toBe(1);
    expect(l.acknowledged).toBe(2);
  });
  it("counts one step and role acknowledged from two leases as duplicated", () => {
    const l = createReceiptLedger();
    l.acknowledge(lease(9), [receipt(1, 5n, 1)]);
    l.acknowledge(lease(9), [receipt(2, 5n, 2)]);
    expect(l.duplicated).toBe(1);
    // Another role at the same step is not a duplicate.
    l.acknowledge(lease(9), [receipt(3, 5n, 3, Role.ROLE_EXECUTION)]);
    expect(l.duplicated).toBe(1);
  });
  it("keeps each lease's running voucher total per receipt", () => {
    const l = createReceiptLedger();
    l.acknowledge(lease(9), [receipt(1, 1n, 1), receipt(1, 2n, 2)]);
    const ll = l.leases()[0]!;
    expect(ll.cumulative).toBe(60n);
    expect(ll.receipts.map((r) => r.cumulative)).toEqual([30n, 60n]);
  });
});

describe("load knee", () => {
  const level = (sessions: number, p99Ms: number | null) => ({
    sessions,
    steps: 10,
    p50Ms: 1,
    p99Ms,
    stepsPerS: sessions * 10,
  });
  it("is the last level under the limit before the first over it", () => {
    expect(findKnee([level(1, 20), level(2, 50), level(4, 150), level(8, 90)])?.sessions).toBe(2);
    expect(findKnee([level(1, 120)])).toBeUndefined();
    expect(findKnee([level(1, 20), level(2, null)])?.sessions).toBe(1);
  });
});

describe("sampling bounds", () => {
  it("accepts counts near p·n and rejects far ones", () => {
    expect(withinSamplingBounds(50, 100, 0.5)).toBe(true);
    expect(withinSamplingBounds(65, 100, 0.5)).toBe(true);
    expect(withinSamplingBounds(80, 100, 0.5)).toBe(false);
    expect(withinSamplingBounds(10, 10, 1)).toBe(true);
    expect(withinSamplingBounds(8, 10, 1)).toBe(false);
  });
});

describe("report", () => {
  it("is FAIL when any invariant fails, and prints it", () => {
    const r = buildReport("x", emptyFigures(), [
      { name: "a", ok: true, detail: "" },
      { name: "b", ok: false, detail: "why" },
    ]);
    expect(r.ok).toBe(false);
    expect(reportTable(r)).toContain("FAIL  b: why");
    const json = JSON.parse(reportJson(r));
    for (const k of [
      "sessions_started",
      "sessions_completed",
      "receipts_acknowledged",
      "receipts_lost",
      "receipts_duplicated",
      "conflicting_signatures",
      "replacement_p99_s",
      "wrong_outputs_caught",
      "wrong_outputs_paid",
      "slashes",
      "crashes",
      "max_rss_mb",
    ]) {
      expect(json).toHaveProperty(k);
    }
  });
});

describe("seeded random", () => {
  it("replays from its seed and picks distinct items", () => {
    const a = createRandom(42);
    const b = createRandom(42);
    expect([a.next(), a.next()]).toEqual([b.next(), b.next()]);
    const picked = createRandom(1).pick([1, 2, 3, 4, 5], 3);
    expect(new Set(picked).size).toBe(3);
  });
});

describe("aggregate", () => {
  it("sums counts, keeps the worst RSS and replacement p99, and fails when any drill failed", () => {
    const a = { ...emptyFigures(), receipts_lost: 2, max_rss_mb: 300, replacement_p99_s: 1.5 };
    const b = { ...emptyFigures(), receipts_lost: 3, max_rss_mb: 400, replacement_p99_s: null };
    const agg = aggregateReports([
      buildReport("a", a, [{ name: "x", ok: true, detail: "" }]),
      buildReport("b", b, [{ name: "y", ok: false, detail: "" }]),
    ]);
    expect(agg.receipts_lost).toBe(5);
    expect(agg.max_rss_mb).toBe(400);
    expect(agg.replacement_p99_s).toBe(1.5);
    expect(agg.ok).toBe(false);
    expect(agg.drills).toEqual([
      { drill: "a", ok: true, failed: [] },
      { drill: "b", ok: false, failed: ["y"] },
    ]);
  });
});
