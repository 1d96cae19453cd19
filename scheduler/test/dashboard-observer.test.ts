/**
 * Observability without a mesh: a real advert index, params store, scheduler metrics (/metrics over
 * HTTP) and dashboard server, fed with the session events the manager would publish. The chain
 * edges (ParamsSource, EscrowReader) are driven directly through their interfaces.
 */
import type { AddressInfo } from "node:net";
import {
  createSpanStore,
  createTracer,
  type MeshDomain,
  Receipt,
  Role,
  type SessionEvent,
  toHex,
} from "@padmesh/proto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { EscrowReader, ParamChange, ParamsSource } from "../src/chain/interface.js";
import { createDashboard } from "../src/dashboard/server.js";
import { createParamsStore } from "../src/governance/params.js";
import { createSchedulerMetrics, type SchedulerMetrics } from "../src/metrics/metrics.js";
import { DEFAULT_ALARM_THRESHOLDS, type Observer } from "../src/observability/interface.js";
import { createObserver } from "../src/observability/observer.js";
import { createAdvertIndex } from "../src/placement/index.js";
import { makeAdvert } from "../src/placement/testing/cluster.js";

const domain: MeshDomain = { chainId: 31337n, verifyingContract: `0x${"11".repeat(20)}` };
const quiet = { info() {}, warn() {} };
const SESSION_A = `0x${"aa".repeat(32)}`;
const SESSION_B = `0x${"bb".repeat(32)}`;
const LEASE_1 = new Uint8Array(32).fill(1);
const LEASE_2 = new Uint8Array(32).fill(2);

function receipt(session: string, lease: Uint8Array, seq: number, operator: string): Receipt {
  return Receipt.fromPartial({
    sessionId: Uint8Array.from(Buffer.from(session.slice(2), "hex")),
    leaseId: lease,
    role: Role.ROLE_COMPUTE,
    sequence: BigInt(seq),
    fuelUsed: 100n,
    pricePerFuel: 10n,
    operator,
    moduleHash: new Uint8Array(32),
    inputHash: new Uint8Array(32),
    outputHash: new Uint8Array(32),
    stateRootBefore: new Uint8Array(32),
    stateRootAfter: new Uint8Array(32),
    prevReceiptHash: new Uint8Array(32),
  });
}

let cursor = 0n;
function event(session: string, kind: SessionEvent["kind"]): SessionEvent {
  cursor += 1n;
  return { cursor, sessionId: Uint8Array.from(Buffer.from(session.slice(2), "hex")), kind };
}

describe("observer and dashboard", () => {
  let metrics: SchedulerMetrics;
  let observer: Observer;
  let emitParam: (c: ParamChange) => void = () => {};
  const index = createAdvertIndex();
  const spans = createSpanStore();

  beforeEach(async () => {
    index.upsert(makeAdvert({ peerId: "peer-a", operator: "0xa", issuedAtMs: Date.now() }), Date.now());
    index.upsert(makeAdvert({ peerId: "peer-b", operator: "0xb", issuedAtMs: Date.now() }), Date.now());
    const source: ParamsSource = {
      async readAll() {
        return { values: new Map(), blockNumber: 7n };
      },
      watch(onChange) {
        emitParam = onChange;
        return () => {};
      },
    };
    const escrow: EscrowReader = {
      async session(id) {
        const deposit = id === SESSION_A ? 10_000n : 10n ** 18n;
        return {
          owner: "0x0000000000000000000000000000000000000001",
          sessionKey: "0x0000000000000000000000000000000000000000",
          deposit,
          claimed: 0n,
          maxPricePerFuel: 10n,
          open: true,
        };
      },
    };
    const params = createParamsStore({ source, logger: quiet }, { names: ["weight.price"] });
    await params.start();
    metrics = createSchedulerMetrics({ host: "127.0.0.1", port: 0 });
    await metrics.start();
    observer = createObserver(
      {
        index,
        params,
        escrow,
        counts: () => ({ sessions: { open: 2 }, leases: { running: 2 } }),
        meter: metrics.meter,
        spans,
        logger: quiet,
        info: () => ({ peerId: "sched", grpc: "127.0.0.1:1", metrics: metrics.url }),
      },
      { domain, thresholds: { ...DEFAULT_ALARM_THRESHOLDS, minSteps: 5 }, tickMs: 10, escrowPollMs: 10 },
    );
    await observer.start();
  });

  afterEach(async () => {
    await observer.stop();
    await metrics.stop();
  });

  it("aggregates steps per node and session, and raises and resolves alarms into /metrics", async () => {
    const lease = (l: Uint8Array, peer: string, op: string): SessionEvent["kind"] => ({
      $case: "leaseChanged",
      value: {
        lease: {
          leaseId: l,
          role: Role.ROLE_COMPUTE,
          peerId: peer,
          operator: op,
          state: 4,
          pricePerFuel: 10n,
          moduleHash: new Uint8Array(0),
        },
        reason: "placed",
      },
    });
    observer.onEvent(SESSION_A, event(SESSION_A, lease(LEASE_1, "peer-a", "0xa")));
    observer.onEvent(SESSION_B, event(SESSION_B, lease(LEASE_2, "peer-b", "0xb")));
    // Session A: 10 slow steps that spend its whole 10,000 wei deposit (100 fuel × 10 wei each).
    const first = receipt(SESSION_A, LEASE_1, 1, "0xa");
    for (let i = 1; i <= 10; i++) {
      const r = i === 1 ? first : receipt(SESSION_A, LEASE_1, i, "0xa");
      observer.onEvent(
        SESSION_A,
        event(SESSION_A, {
          $case: "stepCompleted",
          value: {
            sequence: BigInt(i),
            output: new Uint8Array(0),
            receipts: [r],
            stateRoot: new Uint8Array(0),
            clientStepId: "",
            latencyUs: 3_000_000n,
          },
        }),
      );
    }
    // Session B: half its steps fail.
    for (let i = 1; i <= 10; i++) {
      const r = receipt(SESSION_B, LEASE_2, i, "0xb");
      observer.onEvent(
        SESSION_B,
        event(
          SESSION_B,
          i % 2
            ? {
                $case: "stepFailed",
                value: {
                  sequence: BigInt(i),
                  code: "ERR_TRAP",
                  message: "trap",
                  receipts: [r],
                  clientStepId: "",
                },
              }
            : {
                $case: "stepCompleted",
                value: {
                  sequence: BigInt(i),
                  output: new Uint8Array(0),
                  receipts: [r],
                  stateRoot: new Uint8Array(0),
                  clientStepId: "",
                  latencyUs: 1_000n,
                },
              },
        ),
      );
    }
    // A verifier re-executed A's first receipt and agreed.
    const { hashReceipt } = await import("@padmesh/proto");
    observer.onEvent(
      SESSION_A,
      event(SESSION_A, {
        $case: "verification",
        value: {
          attestation: {
            receiptHash: hashReceipt(domain, first),
            sessionId: first.sessionId,
            leaseId: LEASE_1,
            sequence: 1n,
            outputHash: new Uint8Array(0),
            stateRootAfter: new Uint8Array(0),
            fuelUsed: 100n,
            status: 0,
            mismatch: false,
            verifier: "0xv",
            signature: new Uint8Array(0),
          },
        },
      }),
    );

    await vi.waitFor(() => {
      const kinds = observer
        .activeAlarms()
        .map((a) => a.id)
        .sort();
      expect(kinds).toEqual([
        `escrow_low:${SESSION_A}`,
        `latency_slo:${SESSION_A}`,
        `step_error_rate:${SESSION_B}`,
        "step_error_rate:peer-b",
      ]);
    });
    const snap = observer.snapshot();
    const a = snap.sessions.find((s) => s.sessionId === SESSION_A);
    expect(a).toMatchObject({
      steps: 10,
      failedSteps: 0,
      spentWei: "10000",
      depositWei: "10000",
      p50Ms: 3000,
    });
    expect(snap.sessions.find((s) => s.sessionId === SESSION_B)).toMatchObject({
      steps: 10,
      failedSteps: 5,
      errorRate: 0.5,
    });
    const peerA = snap.nodes.find((n) => n.peerId === "peer-a");
    expect(peerA).toMatchObject({ up: true, steps: 10, padEarnedWei: "10000", availability: 1 });
    expect(peerA?.fuelPerSecond).toBeGreaterThan(0);
    expect(snap.receipts).toHaveLength(20);
    expect(snap.receipts.find((r) => r.receiptHash === toHex(hashReceipt(domain, first)))?.verification).toBe(
      "attested",
    );
    expect(snap.settlement).toMatchObject({ spentWei: "20000", attested: 1, mismatches: 0 });
    expect(snap.latency).toHaveLength(15);

    const text = await (await fetch(metrics.url)).text();
    expect(text).toMatch(/padmesh_scheduler_alarms_active\{alarm="latency_slo"[^}]*\} 1\n/);
    expect(text).toMatch(/padmesh_scheduler_alarms_active\{alarm="node_flapping"[^}]*\} 0\n/);
    expect(text).toMatch(/padmesh_scheduler_alarms_total\{alarm="escrow_low",severity="critical"[^}]*\} 1\n/);
    expect(text).toMatch(/padmesh_scheduler_node_pad_earned_wei_total\{peer="peer-a"[^}]*\} 10000\n/);

    // The session closes: its alarms resolve and stay listed as resolved.
    observer.onEvent(SESSION_A, event(SESSION_A, { $case: "closed", value: { reason: "budget" } }));
    await vi.waitFor(() => expect(observer.activeAlarms().some((x) => x.subject === SESSION_A)).toBe(false));
    expect(
      observer.snapshot().alarms.recent.some((x) => x.id === `escrow_low:${SESSION_A}` && x.resolvedAtMs),
    ).toBe(true);
  });

  it("sees a node flapping, and governance changes with their history", async () => {
    for (let i = 0; i < 4; i++) {
      const up = i % 2 === 1;
      if (up)
        index.upsert(
          makeAdvert({ peerId: "peer-b", operator: "0xb", sequence: BigInt(10 + i), issuedAtMs: Date.now() }),
          Date.now(),
        );
      else index.remove("peer-b");
      // Each change must be seen by a tick (the observer samples the index) before the next one.
      await vi.waitFor(() =>
        expect(observer.snapshot().nodes.find((n) => n.peerId === "peer-b")?.flaps).toBe(i + 1),
      );
    }
    await vi.waitFor(() =>
      expect(observer.activeAlarms().map((a) => a.id)).toContain("node_flapping:peer-b"),
    );
    const b = observer.snapshot().nodes.find((n) => n.peerId === "peer-b");
    expect(b?.flaps).toBe(4);
    expect(b?.availability).toBeLessThan(1);

    const { keccak256, toBytes } = await import("viem");
    emitParam({ key: keccak256(toBytes("weight.price")), oldValue: 0n, newValue: 4000n, blockNumber: 9n });
    const g = observer.snapshot().governance;
    expect(g.params).toContainEqual({ name: "weight.price", value: "4000" });
    expect(g.history[0]).toMatchObject({ name: "weight.price", old: null, new: "4000", block: "9" });
  });

  it("serves the page, uPlot, snapshots, SSE and traces on loopback", async () => {
    const tracer = createTracer({ sinks: [spans] }, { service: "scheduler" });
    const span = tracer.startSpan("scheduler.step");
    span.end();
    const dashboard = createDashboard({ observer, spans, logger: quiet }, { host: "127.0.0.1", port: 0 });
    await dashboard.start();
    try {
      expect(dashboard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await fetch(dashboard.url);
      expect(page.headers.get("content-type")).toMatch(/text\/html/);
      expect(await page.text()).toContain('src="/vendor/uPlot.iife.min.js"');
      const uplot = await fetch(`${dashboard.url}vendor/uPlot.iife.min.js`);
      expect(uplot.status).toBe(200);
      expect(await uplot.text()).toContain("uPlot");
      const snap = (await (await fetch(`${dashboard.url}api/snapshot`)).json()) as { nodes: unknown[] };
      expect(snap.nodes.length).toBeGreaterThanOrEqual(2);
      const trace = (await (await fetch(`${dashboard.url}api/traces/${span.context.traceId}`)).json()) as {
        spans: { name: string }[];
      };
      expect(trace.spans.map((s) => s.name)).toEqual(["scheduler.step"]);
      expect((await fetch(`${dashboard.url}api/traces/nothex`)).status).toBe(400);
      expect((await fetch(`${dashboard.url}api/traces/${"ab".repeat(16)}`)).status).toBe(404);
      expect((await fetch(`${dashboard.url}nope`)).status).toBe(404);
      expect((await fetch(dashboard.url, { method: "POST" })).status).toBe(405);
      // A request addressed to another name (DNS rebinding) is refused.
      const { request } = await import("node:http");
      const status = await new Promise<number>((resolve, reject) => {
        const u = new URL(dashboard.url);
        request(
          { host: u.hostname, port: u.port, path: "/api/snapshot", headers: { host: "evil.example:80" } },
          (r) => {
            r.resume();
            resolve(r.statusCode ?? 0);
          },
        )
          .on("error", reject)
          .end();
      });
      expect(status).toBe(421);

      // SSE: a snapshot on connect, then another after the next tick.
      const ctrl = new AbortController();
      const res = await fetch(`${dashboard.url}api/events`, { signal: ctrl.signal });
      expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      let text = "";
      while ((text.match(/event: snapshot/g) ?? []).length < 2) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      expect((text.match(/event: snapshot/g) ?? []).length).toBeGreaterThanOrEqual(2);
      ctrl.abort();
    } finally {
      await dashboard.stop();
    }
  });

  it("forgets the least recently active closed sessions past its cap, never an open one", async () => {
    const params = createParamsStore(
      {
        source: { readAll: async () => ({ values: new Map(), blockNumber: 1n }), watch: () => () => {} },
        logger: quiet,
      },
      { names: [] },
    );
    await params.start();
    const small = createObserver(
      {
        index,
        params,
        escrow: { session: async () => undefined },
        counts: () => ({ sessions: {}, leases: {} }),
        meter: metrics.meter,
        spans,
        logger: quiet,
        info: () => ({ peerId: "", grpc: "", metrics: "" }),
      },
      { domain, thresholds: DEFAULT_ALARM_THRESHOLDS, tickMs: 10, maxSessions: 3 },
    );
    await small.start();
    try {
      const sid = (n: number) => `0x${n.toString(16).padStart(64, "0")}`;
      small.onEvent(sid(1), event(sid(1), { $case: "closed", value: { reason: "" } })); // the oldest closed one
      small.onEvent(
        sid(2),
        event(sid(2), { $case: "leaseChanged", value: { lease: undefined, reason: "" } }),
      ); // open
      for (let n = 3; n <= 6; n++)
        small.onEvent(sid(n), event(sid(n), { $case: "closed", value: { reason: "" } }));
      await vi.waitFor(() => expect(small.snapshot().sessions).toHaveLength(3));
      const kept = small.snapshot().sessions.map((x) => x.sessionId);
      expect(kept).toContain(sid(2));
      expect(kept).not.toContain(sid(1));
    } finally {
      await small.stop();
    }
  });

  it("refuses to start twice on a taken port with a clear error", async () => {
    const d1 = createDashboard({ observer, spans, logger: quiet }, { host: "127.0.0.1", port: 0 });
    await d1.start();
    try {
      const port = Number(new URL(d1.url).port) satisfies AddressInfo["port"];
      const d2 = createDashboard({ observer, spans, logger: quiet }, { host: "127.0.0.1", port });
      await expect(d2.start()).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await d1.stop();
    }
  });
});
