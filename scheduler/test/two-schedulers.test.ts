/**
 * Two scheduler processes serve one mesh without a shared lock: they place sessions on the same
 * three workers (two lease slots each) at the same time, and the workers' atomic accept/reject
 * keeps either from overcommitting any node. Offers a node rejects are re-placed elsewhere or
 * end as an explained ERR_UNPLACEABLE.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { id32 } from "@padmesh/contracts/testing";
import { type CreateSessionResponse, PlacementStrategy, Role, toHex } from "@padmesh/proto";
import { echoAgentWasm } from "@padmesh/runtime/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PAD, type RpcChain, type TestActor } from "./fixtures/chain.js";
import { api, type CallError } from "./fixtures/grpc-client.js";
import {
  type SchedulerProc,
  startMeshChain,
  startSchedulerProc,
  startWorker,
  type Worker,
} from "./fixtures/mesh.js";
import { killAllChildren } from "./fixtures/processes.js";
import { waitFor } from "./fixtures/wait-for.js";

const SLOTS = 2;

describe("two schedulers, one mesh", () => {
  let dir: string;
  let chain: RpcChain;
  let a: SchedulerProc;
  let b: SchedulerProc;
  let workers: Worker[] = [];
  let unstaked: Worker;
  let owner: TestActor;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "padmesh-two-"));
    chain = await startMeshChain(dir);
    a = await startSchedulerProc(chain, join(dir, "sched-a"));
    const bootA = a.multiaddrs.map((m) => `${m}/p2p/${a.peerId}`);
    b = await startSchedulerProc(chain, join(dir, "sched-b"), { bootstrap: bootA });
    const bootB = b.multiaddrs.map((m) => `${m}/p2p/${b.peerId}`);
    workers = await Promise.all(
      ["t1", "t2", "t3"].map((l) => startWorker(chain, dir, l, [...bootA, ...bootB], { leaseSlots: SLOTS })),
    );
    unstaked = await startWorker(chain, dir, "unstaked", [...bootA, ...bootB], { register: false });
    owner = await chain.actor("owner-two");
  }, 180_000);

  afterAll(async () => {
    await killAllChildren();
    await chain?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("keeps adverts from operators with no stake on chain out of the index (gossip REJECT)", async () => {
    const clients = [api(a.grpc), api(b.grpc)];
    try {
      for (const c of clients) await waitFor("3 nodes", async () => (await c.listNodes()).nodes.length >= 3);
      // The unstaked worker advertises every 500 ms; give it several rounds.
      await new Promise((r) => setTimeout(r, 3_000));
      for (const c of clients) {
        const peers = (await c.listNodes()).nodes.map((n) => n.advert?.peerId);
        expect(peers).not.toContain(unstaked.peerId);
        expect(peers.length).toBe(3);
      }
      // ...because the gossip validator rejected them (which also costs the sender peer score).
      const text = await (await fetch(a.child.ready.metrics as string)).text();
      expect(text).toMatch(/padmesh_scheduler_adverts_total\{[^}]*outcome="reject"[^}]*\} [1-9]/);
      expect(text).toMatch(/padmesh_scheduler_adverts_total\{[^}]*ERR_OPERATOR_NOT_STAKED[^}]*\} [1-9]/);
    } finally {
      for (const c of clients) c.close();
    }
  }, 60_000);

  it("never overcommits a node when both place at once", async () => {
    const clients = [api(a.grpc), api(b.grpc)];
    try {
      for (const c of clients) {
        await waitFor("3 nodes", async () => (await c.listNodes()).nodes.length >= 3);
      }
      const moduleHash = (await clients[0]!.putBlob(echoAgentWasm(), owner.signer)).hash;
      await clients[1]!.putBlob(echoAgentWasm(), owner.signer);
      const ids = Array.from({ length: 8 }, (_, i) => id32(`two-${i}`));
      for (const id of ids) await chain.openSession(owner, toHex(id), 1_000n * PAD, owner.address);
      const role = (r: Role) => ({
        role: r,
        count: 1,
        moduleHash,
        resources: { cpuMillis: 10, ramBytes: 1n << 20n, vramBytes: 0n, gpus: 0, leaseSlots: 1 },
        minBandwidthBps: 0n,
        maxPricePerFuel: 0n,
        region: "",
        strategy: PlacementStrategy.PLACEMENT_STRATEGY_LATENCY,
      });
      const results = await Promise.allSettled(
        ids.map((sessionId, i) =>
          clients[i % 2]!.createSession(
            {
              sessionId,
              owner: owner.address,
              roles: [role(Role.ROLE_COMPUTE), role(Role.ROLE_EXECUTION)],
              priority: 1,
              fuelLimitPerStep: 100_000n,
              canary: undefined,
              auth: undefined,
            },
            owner.signer,
          ),
        ),
      );
      const ok = results.flatMap((r) => (r.status === "fulfilled" ? [r.value as CreateSessionResponse] : []));
      const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as CallError] : []));
      // Every refusal is an explained placement failure, never a crash or a timeout.
      for (const e of refused) expect(e.trailers?.get("padmesh-error-code")).toEqual(["ERR_UNPLACEABLE"]);
      const perPeer = new Map<string, number>();
      for (const res of ok)
        for (const l of res.leases) perPeer.set(l.peerId, (perPeer.get(l.peerId) ?? 0) + 1);
      for (const [, n] of perPeer) expect(n).toBeLessThanOrEqual(SLOTS);
      const total = [...perPeer.values()].reduce((s, n) => s + n, 0);
      expect(total).toBeLessThanOrEqual(SLOTS * workers.length);
      // Something was placed; which scheduler wins a race is not part of the contract.
      expect(ok.length).toBeGreaterThanOrEqual(1);
      expect(ok.length + refused.length).toBe(ids.length);
    } finally {
      for (const c of clients) c.close();
    }
  }, 180_000);
});
