/**
 * The scheduler against a real local chain (Hardhat in-process, contracts deployed by
 * deployMesh), through its real gRPC API: authentication, escrow checks, placement explanations
 * when nothing can be placed, rate limits from governance with a retry hint, and governance
 * hot updates without a restart.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { status } from "@grpc/grpc-js";
import { id32 } from "@padmesh/contracts/testing";
import { CreateSessionRequest, PlacementStrategy, Role, sha256, toHex } from "@padmesh/proto";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../src/config/schema.js";
import { createScheduler, type Scheduler } from "../src/scheduler.js";
import { PAD, startChain, type TestActor, type TestChain } from "./fixtures/chain.js";
import { api, type CallError } from "./fixtures/grpc-client.js";
import { waitFor } from "./fixtures/wait-for.js";

describe("scheduler API on a real chain", () => {
  let chain: TestChain;
  let scheduler: Scheduler;
  let dataDir: string;
  let client: ReturnType<typeof api>;
  let owner: TestActor;
  let stranger: TestActor;
  let moduleHash: Uint8Array;
  const logs: { msg: string; [k: string]: unknown }[] = [];

  beforeAll(async () => {
    chain = await startChain({ params: { "rate.sessionsPerWindow": 100n } });
    owner = await chain.actor("owner");
    stranger = await chain.actor("stranger");
    dataDir = await mkdtemp(join(tmpdir(), "padmesh-sched-api-"));
    const logger = pino(
      { level: "info" },
      {
        write: (line: string) => {
          logs.push(JSON.parse(line));
          if (process.env.PADMESH_TEST_LOGS) process.stderr.write(line);
        },
      },
    );
    const config = resolveConfig({
      file: {
        dataDir,
        chain: { rpcUrl: "http://127.0.0.1:1", deployment: "unused" },
        leases: { unplacedGiveUpMs: 1000 },
      },
    });
    scheduler = await createScheduler({ chain: chain.schedulerChain(100), logger }, config);
    await scheduler.start();
    client = api(scheduler.info.grpc);
    moduleHash = (await client.putBlob(new TextEncoder().encode("(module)"), owner.signer)).hash;
  });

  afterAll(async () => {
    client?.close();
    await scheduler?.stop();
    await chain?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const request = (sessionId: Uint8Array, who: TestActor): CreateSessionRequest => ({
    sessionId,
    owner: who.address,
    roles: [
      {
        role: Role.ROLE_COMPUTE,
        count: 1,
        moduleHash,
        resources: { cpuMillis: 500, ramBytes: 64n << 20n, vramBytes: 0n, gpus: 0, leaseSlots: 1 },
        minBandwidthBps: 0n,
        maxPricePerFuel: 0n,
        region: "",
        strategy: PlacementStrategy.PLACEMENT_STRATEGY_THROUGHPUT,
      },
    ],
    priority: 1,
    fuelLimitPerStep: 1_000_000n,
    canary: undefined,
    auth: undefined,
  });

  it("stores a module by sha256", () => {
    expect(toHex(moduleHash)).toBe(toHex(sha256(new TextEncoder().encode("(module)"))));
  });

  it("refuses unauthenticated and replayed calls with UNAUTHENTICATED", async () => {
    const { call, signed } = await import("./fixtures/grpc-client.js");
    const req = request(id32("unauth"), owner);
    const err = (await call(client.sched.createSession.bind(client.sched), req).catch((e) => e)) as CallError;
    expect(err.code).toBe(status.UNAUTHENTICATED);
    // Signed over different content: the signature does not recover to the claimed signer.
    const good = await signed("CreateSession", CreateSessionRequest, req, owner.signer);
    const tampered = { ...good, priority: 9 };
    const err2 = (await call(client.sched.createSession.bind(client.sched), tampered).catch(
      (e) => e,
    )) as CallError;
    expect(err2.code).toBe(status.UNAUTHENTICATED);
  });

  it("refuses a replayed request (same signed nonce twice)", async () => {
    const { call, signed } = await import("./fixtures/grpc-client.js");
    const { PutBlobRequest } = await import("@padmesh/proto");
    const once = await signed(
      "PutBlob",
      PutBlobRequest,
      { data: new Uint8Array([1, 2, 3]), auth: undefined },
      owner.signer,
    );
    await call(client.sched.putBlob.bind(client.sched), once);
    const again = (await call(client.sched.putBlob.bind(client.sched), once).catch((e) => e)) as CallError;
    expect(again.code).toBe(status.UNAUTHENTICATED);
    expect(again.details).toMatch(/replay/);
  });

  it("checks the escrow on chain: missing escrow and wrong owner are refused", async () => {
    const sid = id32("no-escrow");
    const err = (await client.createSession(request(sid, owner), owner.signer).catch((e) => e)) as CallError;
    expect(err.code).toBe(status.PERMISSION_DENIED);
    expect(err.trailers?.get("padmesh-error-code")).toEqual(["ERR_ESCROW_MISMATCH"]);
    const sid2 = id32("owned-by-owner");
    await chain.openSession(owner, toHex(sid2), 1000n * PAD, owner.address);
    const err2 = (await client
      .createSession(request(sid2, stranger), stranger.signer)
      .catch((e) => e)) as CallError;
    expect(err2.code).toBe(status.PERMISSION_DENIED);
  });

  it("says why a session cannot be placed, and ExplainPlacement records the decision", async () => {
    const sid = id32("unplaceable");
    await chain.openSession(owner, toHex(sid), 1000n * PAD, owner.address);
    const err = (await client.createSession(request(sid, owner), owner.signer).catch((e) => e)) as CallError;
    expect(err.code).toBe(status.FAILED_PRECONDITION);
    expect(err.trailers?.get("padmesh-error-code")).toEqual(["ERR_UNPLACEABLE"]);
    const explained = await client.explain(sid);
    expect(explained.roles.length).toBeGreaterThanOrEqual(1);
    expect(explained.roles[0]?.role).toBe(Role.ROLE_COMPUTE);
    expect(explained.roles[0]?.selected).toEqual([]);
    expect(explained.roles[0]?.unplacedReason).not.toBe("");
  });

  it("reads governance parameters at start and applies ParamChanged without a restart", async () => {
    const before = await client.getParams();
    const get = (ps: typeof before, name: string) => ps.params.find((p) => p.name === name)?.value;
    expect(get(before, "rate.sessionsPerWindow")).toBe("100");
    await chain.setParam("rate.sessionsPerWindow", 1n);
    await waitFor(
      "the new rate.sessionsPerWindow",
      async () => get(await client.getParams(), "rate.sessionsPerWindow") === "1",
      200,
      50,
    );
    expect(logs.some((l) => l.param === "rate.sessionsPerWindow" && l.old === "100" && l.new === "1")).toBe(
      true,
    );
  });

  it("refuses sessions over the governance rate limit with RESOURCE_EXHAUSTED and a retry-after-ms hint", async () => {
    // The limit is now 1 per window; earlier attempts in this window already used it.
    const sid = id32("rate-limited");
    await chain.openSession(owner, toHex(sid), 1000n * PAD, owner.address);
    const err = (await client.createSession(request(sid, owner), owner.signer).catch((e) => e)) as CallError;
    expect(err.code).toBe(status.RESOURCE_EXHAUSTED);
    const retry = Number(err.trailers?.get("retry-after-ms")[0]);
    expect(retry).toBeGreaterThan(0);
  });
});
