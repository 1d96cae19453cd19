/**
 * End to end on a real devnet (chain, contracts, scheduler and workers as processes), driven by
 * the SDK: an honest session settles with every receipt verified and paid exactly once; a dishonest
 * worker is caught by the verifier and slashed on-chain; a session over its budget stops cleanly;
 * unauthenticated calls are refused.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { credentials, type ServiceError, status } from "@grpc/grpc-js";
import { CreateSessionRequest, SchedulerClient, SubmitStepRequest, toHex } from "@padmesh/proto";
import { loadSampleAgent, outputHash, sampleRiskInput } from "@padmesh/runtime";
import {
  createSession,
  dryRun,
  type MeshClient,
  openSession,
  SchedulerCallError,
  submitStep,
  watchSession,
} from "@padmesh/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDemo } from "../src/devnet/demo.js";
import { type Devnet, startDevnet } from "../src/devnet/mesh.js";
import { projectClient } from "../src/devnet/project-client.js";
import { devnetParams, devnetWorkers } from "../src/devnet/topology.js";

async function devnet(name: string, basePort: number, dishonest = false): Promise<Devnet> {
  const dataDir = mkdtempSync(join(tmpdir(), `padmesh-e2e-${name}-`));
  return startDevnet({
    dataDir,
    workers: devnetWorkers({ dishonest, honestSteps: 10 }),
    basePort,
    logLevel: "warn",
    params: devnetParams({ dishonest }),
  });
}

/** Open a 100 PAD escrow and place the risk agent on one compute lease. */
async function computeSession(client: MeshClient) {
  const { sessionId } = await openSession(client, { deposit: 10n ** 20n, maxPricePerFuel: 100_000_000_000n });
  const risk = await loadSampleAgent("risk");
  const { leases } = await createSession(client, { sessionId, roles: [{ role: "compute", module: risk }] });
  return { sessionId, leases, risk };
}

describe("devnet end to end (honest)", () => {
  let net: Devnet;
  beforeAll(async () => {
    net = await devnet("honest", 21_545);
  }, 180_000);
  afterAll(async () => {
    await net?.stop();
    if (net) rmSync(net.dataDir, { recursive: true, force: true });
  });

  it("settles a session: every receipt verified, paid exactly once", async () => {
    const r = await runDemo(net, {
      steps: 40,
      concurrency: 4,
      positions: 20,
      depositPad: 1_000n,
      maxPricePerFuel: 100_000_000_000n,
    });
    expect(r.steps).toBe(40);
    expect(r.stepsFailed).toBe(0);
    expect(r.receiptsRejected).toBe(0);
    // compute + execution + coordination: one receipt each per step.
    expect(r.receiptsVerified).toBe(120);
    // The coordinator is a lease of its own, vouchered and paid like the legs.
    expect(r.leases.some((l) => l.role === "coordination" && l.cumulative > 0n)).toBe(true);
    const vouchered = r.leases.reduce((s, l) => s + l.cumulative, 0n);
    expect(vouchered).toBeGreaterThan(0n);
    // What left the escrow for claims equals what the project countersigned: no more, no less.
    expect(r.padSettled).toBe(vouchered);
    expect(r.slashes).toBe(0);
    // Conservation: the project paid exactly what was settled.
    expect(r.project.padBefore - r.project.padAfter).toBe(r.padSettled);
  }, 240_000);

  it("steps are signed by the session key, or by the owner from a client holding another key", async () => {
    const opener = projectClient(net);
    const other = projectClient(net); // same owner, a different session key
    try {
      const { sessionId } = await computeSession(opener);
      const a = await submitStep(opener, { sessionId, input: sampleRiskInput(1, 5), clientStepId: "a" });
      const b = await submitStep(other, { sessionId, input: sampleRiskInput(2, 5), clientStepId: "b" });
      expect(b.sequence).toBe(a.sequence + 1n);
    } finally {
      opener.close();
      other.close();
    }
  }, 60_000);

  it("a local dry-run gives the mesh's output hash, state root and fuel", async () => {
    const client = projectClient(net);
    try {
      const { sessionId, leases, risk } = await computeSession(client);
      const watch = watchSession(client, { sessionId, budget: 10n ** 20n, leases });
      const input = sampleRiskInput(7, 50);
      await submitStep(client, { sessionId, input, timestampMs: 1_800_000_000_000n });
      for await (const u of watch) {
        if (u.type !== "step") continue;
        const [verified] = u.receipts;
        const local = await dryRun({
          module: risk,
          input,
          sequence: verified!.receipt.sequence,
          timestampMs: 1_800_000_000_000n,
        });
        expect(toHex(outputHash(local.output))).toBe(toHex(verified!.receipt.outputHash));
        expect(toHex(local.stateRootAfter)).toBe(toHex(verified!.receipt.stateRootAfter));
        expect(local.fuelUsed).toBe(verified!.receipt.fuelUsed);
        break;
      }
    } finally {
      client.close();
    }
  }, 120_000);

  it("a watch resumes after a scheduler kill -9 without losing or repeating outputs", async () => {
    const client = projectClient(net);
    try {
      const { sessionId, leases } = await computeSession(client);
      const watch = watchSession(client, { sessionId, budget: 10n ** 20n, leases });
      const seen: bigint[] = [];
      const total = 20;
      const reader = (async () => {
        for await (const u of watch) {
          if (u.type === "step") seen.push(u.sequence);
          if (seen.length >= total) return;
        }
      })();
      for (let i = 0; i < total; i++) {
        if (i === 10) {
          net.scheduler.process.kill9();
          await net.scheduler.process.exited;
          await net.scheduler.restart();
        }
        await submitStep(client, { sessionId, input: sampleRiskInput(i, 10), clientStepId: `resume-${i}` });
      }
      await reader;
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
      expect([...seen].sort((a, b) => Number(a - b))).toEqual(seen);
    } finally {
      client.close();
    }
  }, 180_000);

  it("refuses unauthenticated calls", async () => {
    const raw = new SchedulerClient(net.scheduler.grpc, credentials.createInsecure());
    const call = <T>(fn: (cb: (err: ServiceError | null, res: T) => void) => void) =>
      new Promise<ServiceError | null>((resolve) => fn((err) => resolve(err)));
    const create = await call((cb) =>
      raw.createSession(
        CreateSessionRequest.fromPartial({ sessionId: new Uint8Array(32), owner: net.project.address }),
        cb,
      ),
    );
    expect(create?.code).toBe(status.UNAUTHENTICATED);
    const submit = await call((cb) =>
      raw.submitStep(
        SubmitStepRequest.fromPartial({ sessionId: new Uint8Array(32), input: new Uint8Array(1) }),
        cb,
      ),
    );
    expect(submit?.code).toBe(status.UNAUTHENTICATED);
    raw.close();
  });

  it("stops a session over its budget cleanly", async () => {
    const client = projectClient(net);
    try {
      // A deposit worth only a handful of steps.
      const deposit = 5n * 10n ** 16n;
      const { sessionId } = await openSession(client, { deposit, maxPricePerFuel: 100_000_000_000n });
      const [risk, clearing] = await Promise.all([loadSampleAgent("risk"), loadSampleAgent("clearing")]);
      const { leases } = await createSession(client, {
        sessionId,
        roles: [
          { role: "compute", module: risk },
          { role: "execution", module: clearing },
        ],
      });
      const watch = watchSession(client, { sessionId, budget: deposit, leases });
      let refused: SchedulerCallError | undefined;
      for (let i = 0; i < 200 && !refused; i++) {
        try {
          await submitStep(client, { sessionId, input: sampleRiskInput(i, 20), retryForMs: 0 });
        } catch (err) {
          if (!(err instanceof SchedulerCallError)) throw err;
          refused = err;
        }
      }
      // The step that would overspend is refused; the scheduler closes the session, so later
      // submits are refused as closed. Either way nothing runs past the deposit.
      expect(["ERR_BUDGET_EXHAUSTED", "ERR_SESSION_CLOSED"]).toContain(refused?.code);
      let closedReason: string | undefined;
      for await (const u of watch) if (u.type === "closed") closedReason = u.reason;
      expect(closedReason).toMatch(/budget/i);
      // Never vouchered past the deposit.
      expect(watch.vouchers.spent).toBeLessThanOrEqual(deposit);
    } finally {
      client.close();
    }
  }, 120_000);
});

// The `--dishonest` topology: workers 2 and 3 undercut worker-1, so the session starts on them;
// they are honest for 10 steps, then lie on half their steps; every receipt is re-executed.
describe("devnet end to end (dishonest worker)", () => {
  let net: Devnet;
  beforeAll(async () => {
    net = await devnet("dishonest", 22_545, true);
  }, 180_000);
  afterAll(async () => {
    await net?.stop();
    if (net) rmSync(net.dataDir, { recursive: true, force: true });
  });

  it("the verifier catches wrong outputs, the challenge is upheld and the operator slashed", async () => {
    const r = await runDemo(net, {
      steps: 40,
      concurrency: 2,
      positions: 20,
      depositPad: 1_000n,
      maxPricePerFuel: 100_000_000_000n,
      // A voucher after every step: the liars are surely paid for their 10 honest steps, so they
      // have claims for the verifier to challenge.
      voucherIntervalMs: 0,
    });
    expect(r.steps).toBe(40);
    expect(r.mismatchesCaught).toBeGreaterThan(0);
    expect(r.slashes).toBeGreaterThan(0);
    const slashed = r.operators.filter((o) => o.slashed).map((o) => o.name);
    expect(slashed.length).toBeGreaterThan(0);
    // Only liars are slashed: never the honest worker, never the verifier.
    for (const name of slashed) expect(["worker-2", "worker-3"]).toContain(name);
    // Once caught, a liar's leases end and the session finishes on the honest worker.
    const honest = r.operators.find((o) => o.name === "worker-1")!;
    const onHonest = r.leases.filter((l) => l.operator.toLowerCase() === honest.address.toLowerCase());
    expect(onHonest.some((l) => l.receipts > 0n)).toBe(true);
    expect(r.stepsFailed).toBeLessThan(r.steps);
    // No wrong output is paid: every lease caught lying had its claim voided (a liar's other
    // leases, every receipt of them re-executed and matched, are paid for that honest work).
    expect(r.disputedLeases.length).toBeGreaterThan(0);
    for (const lease of r.disputedLeases) expect(r.paidLeases).not.toContain(lease);
    expect(honest.padAfter).toBeGreaterThan(honest.padBefore);
  }, 240_000);
});
