/**
 * End to end on real processes: a Hardhat chain, the scheduler binary and three worker
 * binaries. A session runs compute + execution steps; a worker holding one of its leases is
 * killed (SIGKILL) mid-session and the session finishes on the others, resumed from the
 * scheduler's checkpoint; then the scheduler itself is killed with SIGKILL and restarted on the
 * same data directory, and the session's event log and progress survive without loss or
 * duplicates.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { status } from "@grpc/grpc-js";
import { id32 } from "@padmesh/contracts/testing";
import { hashReceipt, Role, type SessionEvent, signVoucher, toHex } from "@padmesh/proto";
import { echoAgentWasm, failingAgentWasm } from "@padmesh/runtime/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PAD, type RpcChain, type TestActor } from "./fixtures/chain.js";
import { api, type CallError } from "./fixtures/grpc-client.js";
import {
  completedSteps,
  freePort,
  launchScheduler,
  roleRequirement,
  type SchedulerProc,
  startMeshChain,
  startSchedulerProc,
  startWorker,
  type Worker,
} from "./fixtures/mesh.js";
import { killAllChildren, REPO_ROOT } from "./fixtures/processes.js";
import { waitFor } from "./fixtures/wait-for.js";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

describe("scheduler + 3 workers, real processes", () => {
  let dir: string;
  let chain: RpcChain;
  let sched: SchedulerProc;
  let workers: Worker[] = [];
  let verifier: Worker;
  let owner: TestActor;
  let client: ReturnType<typeof api>;
  let moduleHash: Uint8Array;
  const sessionId = id32("mesh-session-1");

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "padmesh-mesh-"));
    // Every receipt is sampled for verification, so the test does not depend on luck.
    chain = await startMeshChain(dir, { "verify.sampleRateBps": 10_000n });
    // Fixed ports: the scheduler is killed and restarted on them.
    sched = await startSchedulerProc(chain, join(dir, "sched-a"), {
      grpcPort: await freePort(),
      listenPort: await freePort(),
    });
    const boot = sched.multiaddrs.map((m) => (m.includes("/p2p/") ? m : `${m}/p2p/${sched.peerId}`));
    const prices = { compute: "1", execution: "1" };
    workers = await Promise.all(["w1", "w2", "w3"].map((l) => startWorker(chain, dir, l, boot, { prices })));
    verifier = await startWorker(chain, dir, "v1", boot, { roles: ["verification"] });
    client = api(sched.grpc);
    owner = await chain.actor("owner");
    await waitFor("4 nodes in the index", async () =>
      (await client.listNodes()).nodes.length >= 4 ? true : undefined,
    );
    moduleHash = (await client.putBlob(echoAgentWasm(), owner.signer)).hash;
    await chain.openSession(owner, toHex(sessionId), 10_000n * PAD, owner.address);
  }, 180_000);

  afterAll(async () => {
    client?.close();
    await Promise.all(workers.map((w) => w.child.kill("SIGTERM")));
    await sched?.child.kill("SIGTERM");
    await chain?.stop();
    await killAllChildren();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const role = (r: Role) => roleRequirement(r, moduleHash);

  /** Submit step `i` to `sid` as the owner; input and idempotency key `<tag><i>`, time `t0 + i`. */
  function submit(sid: Uint8Array, tag: string, i: number, t0 = 0) {
    return client.submitStep(
      {
        sessionId: sid,
        input: enc(`${tag}${i}`),
        timestampMs: BigInt(t0 + i),
        clientStepId: `${tag}${i}`,
        traceparent: "",
        auth: undefined,
      },
      owner.signer,
    );
  }
  const step = (i: number) => submit(sessionId, "step-", i, 1_700_000_000_000);

  it("places compute and execution leases and runs steps through both", async () => {
    const res = await client.createSession(
      {
        sessionId,
        owner: owner.address,
        roles: [role(Role.ROLE_COMPUTE), role(Role.ROLE_EXECUTION), role(Role.ROLE_VERIFICATION)],
        priority: 5,
        fuelLimitPerStep: 1_000_000n,
        canary: undefined,
        auth: undefined,
      },
      owner.signer,
    );
    expect(res.leases.map((l) => l.role).sort()).toEqual([
      Role.ROLE_COMPUTE,
      Role.ROLE_EXECUTION,
      Role.ROLE_VERIFICATION,
    ]);
    expect(res.leases.find((l) => l.role === Role.ROLE_VERIFICATION)?.peerId).toBe(verifier.peerId);
    for (let i = 1; i <= 3; i++) expect((await step(i)).sequence).toBe(BigInt(i));
    // Idempotent retry: same client step id, same sequence.
    expect(await step(3)).toEqual({ sequence: 3n, duplicate: true });
    const events = await client.watch(sessionId, 0n, owner.signer, (ev) => completedSteps(ev).length >= 3);
    const steps = completedSteps(events);
    expect(steps.map((s) => s.sequence)).toEqual([1n, 2n, 3n]);
    for (const s of steps) {
      expect(s.receipts.map((r) => r.role)).toEqual([Role.ROLE_COMPUTE, Role.ROLE_EXECUTION]);
      expect(dec(s.output)).toBe(`step-${s.sequence}`);
    }
    const receipts = await client.receipts(sessionId, 0n, 100);
    expect(receipts.receipts.length).toBe(6);
    // Every receipt was re-executed by the verification lease and attested as matching.
    const verified = await client.watch(
      sessionId,
      0n,
      owner.signer,
      (ev) => ev.filter((e) => e.kind?.$case === "verification").length >= 6,
    );
    const attestations = verified.flatMap((e) =>
      e.kind?.$case === "verification" ? [e.kind.value.attestation!] : [],
    );
    expect(attestations.length).toBe(6);
    for (const a of attestations) {
      expect(a.mismatch).toBe(false);
      expect(a.verifier.toLowerCase()).toBe(verifier.operator.address.toLowerCase());
    }
    const explained = await client.explain(sessionId);
    expect(explained.roles.length).toBeGreaterThanOrEqual(2);
    for (const r of explained.roles) {
      expect(r.selected.length).toBe(1);
      expect(r.candidates.some((c) => c.selected && c.scores.length > 0)).toBe(true);
    }
  }, 120_000);

  it("padmesh explain <session> prints every candidate's scores for each decision", () => {
    const out = execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "operators/src/bin/padmesh.ts",
        "explain",
        toHex(sessionId),
        "--scheduler",
        sched.grpc,
      ],
      { cwd: REPO_ROOT, encoding: "utf8" },
    );
    expect(out).toMatch(/compute: placed on 12D3KooW/);
    expect(out).toMatch(/execution: placed on 12D3KooW/);
    expect(out).toMatch(/verification: placed on 12D3KooW/);
    const json = JSON.parse(
      execFileSync(
        process.execPath,
        [
          "--import",
          "tsx",
          "operators/src/bin/padmesh.ts",
          "explain",
          toHex(sessionId),
          "--scheduler",
          sched.grpc,
          "--json",
        ],
        { cwd: REPO_ROOT, encoding: "utf8" },
      ),
    );
    expect(json.roles.length).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it("re-places a lease whose node is killed mid-session and finishes the session on the others", async () => {
    const before = await client.watch(sessionId, 0n, owner.signer, (ev) => completedSteps(ev).length >= 3);
    const running = before.flatMap((e) => (e.kind?.$case === "leaseChanged" ? [e.kind.value.lease!] : []));
    const computePeer = running.find((l) => l.role === Role.ROLE_COMPUTE)?.peerId;
    const victim = workers.find((w) => w.peerId === computePeer);
    expect(victim).toBeDefined();
    await victim!.child.kill("SIGKILL");
    for (let i = 4; i <= 6; i++) await step(i);
    const events = await client.watch(sessionId, 0n, owner.signer, (ev) => completedSteps(ev).length >= 6);
    const steps = completedSteps(events);
    expect(steps.map((s) => s.sequence)).toEqual([1n, 2n, 3n, 4n, 5n, 6n]);
    const failed = events.filter(
      (e) => e.kind?.$case === "leaseChanged" && e.kind.value.reason.startsWith("failed"),
    );
    expect(failed.length).toBeGreaterThanOrEqual(1);
    const after = steps.slice(3);
    for (const s of after) {
      const computeReceipt = s.receipts.find((r) => r.role === Role.ROLE_COMPUTE)!;
      expect(computeReceipt.operator.toLowerCase()).not.toBe(victim!.operator.address.toLowerCase());
      expect(dec(s.output)).toBe(`step-${s.sequence}`);
    }
    // The new compute lease resumed from the checkpoint: its first state root is the last one before.
    const computeReceipt = (seq: bigint) =>
      steps.find((x) => x.sequence === seq)!.receipts.find((r) => r.role === Role.ROLE_COMPUTE)!;
    expect(toHex(computeReceipt(4n).stateRootBefore)).toBe(toHex(computeReceipt(3n).stateRootAfter));
    expect(toHex(computeReceipt(4n).leaseId)).not.toBe(toHex(computeReceipt(3n).leaseId));
    // Cursors strictly increase: no duplicates in the log.
    const cursors = events.map((e) => e.cursor);
    expect(new Set(cursors).size).toBe(cursors.length);
  }, 120_000);

  it("survives a scheduler kill -9 and restart: same event log, session carries on", async () => {
    const before = await client.watch(sessionId, 0n, owner.signer, (ev) => completedSteps(ev).length >= 6);
    client.close();
    await sched.child.kill("SIGKILL");
    sched = await launchScheduler(sched.dataDir, sched.args);
    client = api(sched.grpc);
    const replay = await client.watch(sessionId, 0n, owner.signer, (ev) => ev.length >= before.length);
    expect(replay.slice(0, before.length).map((e) => e.cursor)).toEqual(before.map((e) => e.cursor));
    await waitFor("workers back in the index", async () =>
      (await client.listNodes()).nodes.length >= 2 ? true : undefined,
    );
    for (let i = 7; i <= 8; i++) expect((await step(i)).sequence).toBe(BigInt(i));
    const events = await client.watch(sessionId, 0n, owner.signer, (ev) => completedSteps(ev).length >= 8);
    expect(completedSteps(events).map((s) => s.sequence)).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n]);
    const cursors = events.map((e) => e.cursor);
    expect(new Set(cursors).size).toBe(cursors.length);
    // Resuming after a cursor returns exactly what follows it.
    const mid = events[Math.floor(events.length / 2)]!.cursor;
    const tail = await client.watch(
      sessionId,
      mid,
      owner.signer,
      (ev) => ev.at(-1)?.cursor === events.at(-1)?.cursor,
    );
    expect(tail.map((e) => e.cursor)).toEqual(events.filter((e) => e.cursor > mid).map((e) => e.cursor));
  }, 180_000);

  it("forwards a voucher signed by the escrow's session key to the lease's node, and refuses others", async () => {
    const receipts = (await client.receipts(sessionId, 0n, 1000)).receipts;
    const last = receipts.filter((r) => r.role === Role.ROLE_EXECUTION).at(-1)!;
    const covered = receipts.filter((r) => toHex(r.leaseId) === toHex(last.leaseId));
    const voucher = {
      sessionId,
      leaseId: last.leaseId,
      operator: last.operator,
      cumulativeAmount: covered.reduce((s, r) => s + r.fuelUsed * r.pricePerFuel, 0n).toString(),
      lastReceiptHash: hashReceipt(chain.domain, last),
      receiptCount: BigInt(covered.length),
      signature: new Uint8Array(0),
    };
    const good = await signVoucher(chain.domain, voucher, owner.signer);
    await client.submitVoucher({ voucher: good, auth: undefined }, owner.signer);
    const stranger = await chain.actor("voucher-stranger", 0n);
    const forged = await signVoucher(chain.domain, voucher, stranger.signer);
    const err = (await client
      .submitVoucher({ voucher: forged, auth: undefined }, owner.signer)
      .catch((e) => e)) as CallError;
    expect(err.code).toBe(status.PERMISSION_DENIED);
  }, 60_000);

  it("stops a session cleanly when the next step could overrun its escrow deposit", async () => {
    const small = id32("mesh-budget");
    // Fuel limit 10 000 at 1 wei/fuel on two leases: a step may cost up to 20 000 wei, so the
    // session stops once what it spent leaves less than that in the deposit.
    const deposit = 20_500n;
    await chain.openSession(owner, toHex(small), deposit, owner.address);
    await client.createSession(
      {
        sessionId: small,
        owner: owner.address,
        roles: [role(Role.ROLE_COMPUTE), role(Role.ROLE_EXECUTION)],
        priority: 1,
        fuelLimitPerStep: 10_000n,
        canary: undefined,
        auth: undefined,
      },
      owner.signer,
    );
    let refused: CallError | undefined;
    for (let i = 1; i <= 100 && !refused; i++) {
      await submit(small, "b", i).catch((e) => {
        refused = e as CallError;
      });
      await new Promise((r) => setTimeout(r, 20));
    }
    const events = await client.watch(small, 0n, owner.signer, (ev) =>
      ev.some((e) => e.kind?.$case === "closed"),
    );
    const closed = events.find((e) => e.kind?.$case === "closed");
    expect(closed?.kind?.$case === "closed" && closed.kind.value.reason).toMatch(/^ERR_BUDGET_EXHAUSTED/);
    const spent = (await client.receipts(small, 0n, 1000)).receipts.reduce(
      (s, r) => s + r.fuelUsed * r.pricePerFuel,
      0n,
    );
    expect(spent).toBeGreaterThan(0n);
    expect(spent).toBeLessThanOrEqual(deposit);
    // Work submitted after the close is refused with a typed error, never silently dropped.
    const after = (await submit(small, "b", 1000).catch((e) => e)) as CallError;
    expect(after.code).toBe(status.FAILED_PRECONDITION);
    expect(after.trailers?.get("padmesh-error-code")).toEqual(["ERR_SESSION_CLOSED"]);
  }, 120_000);

  it("routes a canary share of steps to a second module and rolls it back past its error threshold", async () => {
    const sid = id32("mesh-canary");
    await chain.openSession(owner, toHex(sid), 10_000n * PAD, owner.address);
    const canaryHash = (await client.putBlob(failingAgentWasm(), owner.signer)).hash;
    await client.createSession(
      {
        sessionId: sid,
        owner: owner.address,
        roles: [role(Role.ROLE_COMPUTE)],
        priority: 1,
        fuelLimitPerStep: 1_000_000n,
        canary: { moduleHash: canaryHash, percent: 50, rollbackThresholdBps: 1_000 },
        auth: undefined,
      },
      owner.signer,
    );
    const n = 24;
    for (let i = 1; i <= n; i++) {
      await submit(sid, "c", i);
    }
    const done = (ev: SessionEvent[]) =>
      ev.filter((e) => e.kind?.$case === "stepCompleted" || e.kind?.$case === "stepFailed").length >= n;
    const events = await client.watch(sid, 0n, owner.signer, done);
    const rollback = events.find(
      (e) => e.kind?.$case === "leaseChanged" && /canary .* rolled back/.test(e.kind.value.reason),
    );
    expect(rollback).toBeDefined();
    // Every step got an answer, in order, none lost to the canary.
    const seqs = events.flatMap((e) =>
      e.kind?.$case === "stepCompleted" || e.kind?.$case === "stepFailed" ? [e.kind.value.sequence] : [],
    );
    expect(seqs).toEqual(Array.from({ length: n }, (_, i) => BigInt(i + 1)));
    // After the rollback every step runs the stable module and succeeds.
    const after = events.filter((e) => e.cursor > rollback!.cursor);
    expect(after.some((e) => e.kind?.$case === "stepFailed")).toBe(false);
    await client.closeSession({ sessionId: sid, auth: undefined }, owner.signer);
  }, 120_000);

  it("follows a governance change of rate.stepsPerSecond without a restart and refuses the excess with a retry hint", async () => {
    const sid = id32("mesh-rate");
    await chain.openSession(owner, toHex(sid), 10_000n * PAD, owner.address);
    await client.createSession(
      {
        sessionId: sid,
        owner: owner.address,
        roles: [role(Role.ROLE_COMPUTE)],
        priority: 1,
        fuelLimitPerStep: 1_000_000n,
        canary: undefined,
        auth: undefined,
      },
      owner.signer,
    );
    await chain.setParam("rate.stepsPerSecond", 1n);
    await waitFor("the new limit", async () => {
      const p = (await client.getParams()).params.find((x) => x.name === "rate.stepsPerSecond");
      return p?.value === "1" ? true : undefined;
    });
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => submit(sid, "r", i)));
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as CallError] : []));
    expect(refused.length).toBeGreaterThanOrEqual(3);
    for (const e of refused) {
      expect(e.code).toBe(status.RESOURCE_EXHAUSTED);
      expect(Number(e.trailers?.get("retry-after-ms")[0])).toBeGreaterThan(0);
    }
    await chain.setParam("rate.stepsPerSecond", 200n);
    await client.closeSession({ sessionId: sid, auth: undefined }, owner.signer);
  }, 120_000);

  it("exports Prometheus metrics", async () => {
    const text = await (await fetch(sched.child.ready.metrics as string)).text();
    expect(text).toContain("padmesh_scheduler_placements_total");
    expect(text).toContain("padmesh_scheduler_step_latency_seconds");
    expect(text).toMatch(/padmesh_scheduler_leases\{[^}]*state="running"/);
  }, 30_000);

  it("closes the session and releases its leases", async () => {
    const res = await client.closeSession({ sessionId, auth: undefined }, owner.signer);
    expect(res.leases.length).toBeGreaterThanOrEqual(2);
    const events = await client.watch(sessionId, 0n, owner.signer, (ev) =>
      ev.some((e) => e.kind?.$case === "closed"),
    );
    expect(events.at(-1)?.kind?.$case === "closed" || events.some((e) => e.kind?.$case === "closed")).toBe(
      true,
    );
  }, 60_000);
});
