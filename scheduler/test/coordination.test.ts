/**
 * The coordination role on real processes: a session with compute, execution and coordination
 * leases runs each step through its coordinator node (scheduler → coordinator → compute →
 * execution), which signs a coordination receipt on the record of the legs. Every receipt,
 * the coordinator's included, is re-executed by the verifier and matches; the coordinator's
 * node is killed (SIGKILL) and the session carries on under a new coordinator resumed from the
 * ledger's checkpoint in the scheduler's journal. A coordinator that relays a tampered input to
 * a leg and coordinates anyway is the one failed, not the leg it fed.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { id32 } from "@padmesh/contracts/testing";
import { coordinationRecordOf, hashReceipt, Role, type SessionEvent, sha256, toHex } from "@padmesh/proto";
import { loadSampleAgent } from "@padmesh/runtime";
import { echoAgentWasm } from "@padmesh/runtime/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PAD, type RpcChain, type TestActor } from "./fixtures/chain.js";
import { api } from "./fixtures/grpc-client.js";
import {
  completedSteps,
  roleRequirement,
  type SchedulerProc,
  startMeshChain,
  startSchedulerProc,
  startWorker,
  type Worker,
} from "./fixtures/mesh.js";
import { killAllChildren } from "./fixtures/processes.js";
import { waitFor } from "./fixtures/wait-for.js";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const LEGS_THEN_COORDINATOR = [Role.ROLE_COMPUTE, Role.ROLE_EXECUTION, Role.ROLE_COORDINATION];

describe("coordination lease, real processes", () => {
  let dir: string;
  let chain: RpcChain;
  let sched: SchedulerProc;
  let workers: Worker[] = [];
  let owner: TestActor;
  let client: ReturnType<typeof api>;
  const sessionId = id32("coordinated-session-1");

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "padmesh-coord-"));
    chain = await startMeshChain(dir, { "verify.sampleRateBps": 10_000n });
    sched = await startSchedulerProc(chain, join(dir, "sched"));
    const boot = sched.multiaddrs.map((m) => (m.includes("/p2p/") ? m : `${m}/p2p/${sched.peerId}`));
    const roles = ["compute", "execution", "coordination"] as const;
    const prices = { compute: "1", execution: "1", coordination: "1" };
    workers = await Promise.all(
      ["c1", "c2", "c3", "c4"].map((l) => startWorker(chain, dir, l, boot, { roles: [...roles], prices })),
    );
    await startWorker(chain, dir, "cv", boot, { roles: ["verification"] });
    client = api(sched.grpc);
    owner = await chain.actor("owner");
    await waitFor("5 nodes in the index", async () =>
      (await client.listNodes()).nodes.length >= 5 ? true : undefined,
    );
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

  const submit = (i: number, sid = sessionId) =>
    client.submitStep(
      {
        sessionId: sid,
        input: enc(`coord-${i}`),
        timestampMs: BigInt(1_700_000_000_000 + i),
        clientStepId: `coord-${i}`,
        traceparent: "",
        auth: undefined,
      },
      owner.signer,
    );

  const role = roleRequirement;

  it("runs every step through the coordinator: legs' receipts, then its own on the record of the legs", async () => {
    const echo = (await client.putBlob(echoAgentWasm(), owner.signer)).hash;
    const coordinator = (await client.putBlob(await loadSampleAgent("coordinator"), owner.signer)).hash;
    const res = await client.createSession(
      {
        sessionId,
        owner: owner.address,
        roles: [
          role(Role.ROLE_COMPUTE, echo),
          role(Role.ROLE_EXECUTION, echo),
          role(Role.ROLE_COORDINATION, coordinator),
          role(Role.ROLE_VERIFICATION, new Uint8Array(0)),
        ],
        priority: 5,
        fuelLimitPerStep: 1_000_000n,
        canary: undefined,
        auth: undefined,
      },
      owner.signer,
    );
    expect(res.leases.map((l) => l.role).sort()).toEqual([...LEGS_THEN_COORDINATOR, Role.ROLE_VERIFICATION]);
    for (let i = 1; i <= 4; i++) expect((await submit(i)).sequence).toBe(BigInt(i));
    const events = await client.watch(sessionId, 0n, owner.signer, (ev) => completedSteps(ev).length >= 4);
    const steps = completedSteps(events);
    expect(steps.map((s) => s.sequence)).toEqual([1n, 2n, 3n, 4n]);
    for (const s of steps) {
      expect(dec(s.output)).toBe(`coord-${s.sequence}`);
      expect(s.receipts.map((r) => r.role)).toEqual(LEGS_THEN_COORDINATOR);
      const [compute, execution, coord] = s.receipts;
      // The coordinator signed over exactly the record of these legs.
      const record = coordinationRecordOf(
        enc(`coord-${s.sequence}`),
        [compute!, execution!].map((r) => ({ receipt: r, hash: hashReceipt(chain.domain, r) })),
        s.output,
      );
      expect(toHex(coord!.inputHash)).toBe(toHex(sha256(record)));
      // The session's state root is the coordinator's ledger.
      expect(toHex(s.stateRoot)).toBe(toHex(coord!.stateRootAfter));
    }
    // Every receipt — the coordinator's too — was re-executed by the verifier and matched.
    const verified = await client.watch(
      sessionId,
      0n,
      owner.signer,
      (ev) => ev.filter((e) => e.kind?.$case === "verification").length >= 12,
    );
    const attestations = verified.flatMap((e) =>
      e.kind?.$case === "verification" ? [e.kind.value.attestation!] : [],
    );
    expect(attestations.length).toBe(12);
    for (const a of attestations) expect(a.mismatch).toBe(false);
  }, 120_000);

  it("carries on under a new coordinator, resumed from the ledger's checkpoint, when the coordinator's node is killed", async () => {
    const before = completedSteps(
      await client.watch(sessionId, 0n, owner.signer, (ev) => completedSteps(ev).length >= 4),
    );
    const lastCoord = before.at(-1)!.receipts.find((r) => r.role === Role.ROLE_COORDINATION)!;
    const victim = workers.find((w) => w.operator.address.toLowerCase() === lastCoord.operator.toLowerCase());
    expect(victim).toBeDefined();
    await victim!.child.kill("SIGKILL");
    for (let i = 5; i <= 7; i++) await submit(i);
    const events = await client.watch(sessionId, 0n, owner.signer, (ev) => completedSteps(ev).length >= 7);
    const steps = completedSteps(events);
    expect(steps.map((s) => s.sequence)).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n]);
    const coordOf = (seq: bigint) =>
      steps.find((x) => x.sequence === seq)!.receipts.find((r) => r.role === Role.ROLE_COORDINATION)!;
    expect(coordOf(5n).operator.toLowerCase()).not.toBe(victim!.operator.address.toLowerCase());
    expect(toHex(coordOf(5n).leaseId)).not.toBe(toHex(coordOf(4n).leaseId));
    // The new coordinator's ledger starts where the old one's ended.
    expect(toHex(coordOf(5n).stateRootBefore)).toBe(toHex(coordOf(4n).stateRootAfter));
    for (const s of steps.slice(4)) {
      expect(s.receipts.map((r) => r.role)).toEqual(LEGS_THEN_COORDINATOR);
      expect(dec(s.output)).toBe(`coord-${s.sequence}`);
    }
    const cursors = events.map((e) => e.cursor);
    expect(new Set(cursors).size).toBe(cursors.length);
  }, 150_000);

  it("fails a coordinator that relays a tampered input and coordinates anyway, not the leg it fed", async () => {
    const boot = sched.multiaddrs.map((m) => (m.includes("/p2p/") ? m : `${m}/p2p/${sched.peerId}`));
    const tamperer = await startWorker(chain, dir, "ct", boot, {
      roles: ["coordination"],
      prices: { coordination: "1" },
      region: "tamper",
      faults: { relayTamperRate: 1 },
    });
    workers.push(tamperer);
    await waitFor("the tampering coordinator in the index", async () =>
      (await client.listNodes()).nodes.some((n) => n.advert?.peerId === tamperer.peerId) ? true : undefined,
    );
    const sid = id32("coordinated-session-tampered");
    await chain.openSession(owner, toHex(sid), 1_000n * PAD, owner.address);
    const echo = (await client.putBlob(echoAgentWasm(), owner.signer)).hash;
    const coordinator = (await client.putBlob(await loadSampleAgent("coordinator"), owner.signer)).hash;
    const res = await client.createSession(
      {
        sessionId: sid,
        owner: owner.address,
        roles: [
          role(Role.ROLE_COMPUTE, echo),
          role(Role.ROLE_EXECUTION, echo),
          // Only the tamperer is in this region: it gets the coordination lease.
          role(Role.ROLE_COORDINATION, coordinator, "tamper"),
        ],
        priority: 5,
        fuelLimitPerStep: 1_000_000n,
        canary: undefined,
        auth: undefined,
      },
      owner.signer,
    );
    const coordLease = res.leases.find((l) => l.role === Role.ROLE_COORDINATION)!;
    expect(coordLease.peerId).toBe(tamperer.peerId);
    const execLease = res.leases.find((l) => l.role === Role.ROLE_EXECUTION)!;
    await submit(1, sid);
    const failedLeases = (ev: SessionEvent[]) =>
      ev.flatMap((e) =>
        e.kind?.$case === "leaseChanged" && e.kind.value.reason.startsWith("failed") ? [e.kind.value] : [],
      );
    const events = await client.watch(sid, 0n, owner.signer, (ev) => failedLeases(ev).length >= 1);
    const [failed] = failedLeases(events);
    expect(toHex(failed!.lease!.leaseId)).toBe(toHex(coordLease.leaseId));
    expect(failed!.reason).toMatch(/coordinated anyway/);
    // The execution lease it fed a wrong input was not blamed, and no step completed on it.
    expect(failedLeases(events).some((l) => toHex(l.lease!.leaseId) === toHex(execLease.leaseId))).toBe(
      false,
    );
    expect(completedSteps(events)).toEqual([]);
  }, 120_000);
});
