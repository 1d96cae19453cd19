/**
 * The coordination role in one node: a coordination lease and its session's compute and
 * execution legs on the same node (the legs reached through the node's own step service, as the
 * leg client does for a leg on its own node), the coordinator sample agent on the coordination
 * record, real journal and signing guard. The multi-process path is scheduler/test/coordination.test.ts.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair } from "@libp2p/crypto/keys";
import {
  type CoordinateHop,
  type CoordinateRequest,
  coordinationRecordOf,
  createKeySigner,
  createMeshHost,
  hashReceipt,
  type LeaseRequest,
  type LeaseTerms,
  type MeshDomain,
  type MeshHost,
  type Receipt,
  Role,
  type StepInput,
  type StepResult,
  sha256,
  toHex,
} from "@padmesh/proto";
import { decodeCoordinatorOutput, loadSampleAgent } from "@padmesh/runtime";
import { echoAgentWasm } from "@padmesh/runtime/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBlobStore } from "../blobs/blob-store.js";
import type { NodeJournal } from "../journal/interface.js";
import { createLevelJournal } from "../journal/level-journal.js";
import { createSigningGuard } from "../journal/signing-guard.js";
import { createLedger } from "../leases/capacity.js";
import { createLeaseService, type LeaseService } from "../leases/lease-service.js";
import { LeaseTable } from "../leases/lease-table.js";
import { createRuntimeExecutor } from "../steps/runtime-executor.js";
import { createStepService, type StepService } from "../steps/step-service.js";
import { type CoordinateService, createCoordinateService } from "./coordinate-service.js";
import { createLegClient } from "./leg-client.js";

const domain: MeshDomain = {
  chainId: 31337n,
  verifyingContract: "0x00000000000000000000000000000000000000bb",
};
const operator = createKeySigner("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const someoneElse = createKeySigner("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
const SCHEDULER = "12D3KooWKnDZxYAVfXqaeqsUk8kfHCmYn1UcLMDXd8tsbLjXBvCs";
const enc = (s: string) => new TextEncoder().encode(s);
const id = (s: string) => sha256(enc(s));

let dir: string;
let journal: NodeJournal;
let host: MeshHost;
let leaseService: LeaseService;
let steps: StepService;
let coordinate: CoordinateService;
let leases: LeaseTable;
const mods: Record<string, Uint8Array> = {};

async function place(leaseId: Uint8Array, role: Role, moduleHash: Uint8Array, sessionId = id("session")) {
  const terms: LeaseTerms = {
    leaseId,
    sessionId,
    role,
    moduleHash,
    resources: { cpuMillis: 100, ramBytes: 1n << 20n, vramBytes: 0n, gpus: 0, leaseSlots: 1 },
    pricePerFuel: 1n,
    ttlMs: 60_000n,
    maxFuelPerStep: 1_000_000n,
    project: someoneElse.address,
    scheduler: SCHEDULER,
    resumeCheckpoint: new Uint8Array(0),
    resumeSequence: 0n,
    coordinator: "",
  };
  const req = (kind: LeaseRequest["kind"]): LeaseRequest => ({ kind });
  const accepted = await leaseService.handle(
    req({ $case: "offer", value: { terms, offeredAtMs: BigInt(Date.now()), reservationMs: 5_000n } }),
    { remotePeer: SCHEDULER },
  );
  expect(accepted.kind?.$case).toBe("accept");
  expect(
    (await leaseService.handle(req({ $case: "confirm", value: leaseId }), { remotePeer: SCHEDULER })).kind
      ?.$case,
  ).toBe("ack");
}

const hop = (role: Role, leaseId: Uint8Array, over: Partial<CoordinateHop> = {}): CoordinateHop => ({
  role,
  leaseId,
  peerId: host.peerId.toString(),
  addrs: [],
  operator: operator.address,
  moduleHash: new Uint8Array(0),
  ...over,
});

const stepFor = (leaseId: Uint8Array, sequence: bigint, input: string): StepInput => ({
  leaseId,
  sessionId: id("session"),
  sequence,
  input: enc(input),
  timestampMs: 1_700_000_000_000n + sequence,
  fuelLimit: 0n,
  moduleHash: new Uint8Array(0),
  traceparent: "",
});

const receiptOf = (r: StepResult | undefined): Receipt => {
  if (r?.kind?.$case !== "output") throw new Error(`no output: ${JSON.stringify(r?.kind?.value)}`);
  return r.kind.value.receipt as Receipt;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "padmesh-coordinate-"));
  journal = createLevelJournal({ path: join(dir, "journal"), sync: false });
  await journal.open();
  const blobs = createBlobStore({ dir: join(dir, "blobs") });
  mods.echo = await blobs.put(echoAgentWasm());
  mods.coordinator = await blobs.put(await loadSampleAgent("coordinator"));
  leases = new LeaseTable();
  leaseService = createLeaseService(
    {
      ledger: createLedger({ cpuMillis: 4000, ramBytes: 1n << 30n, vramBytes: 0n, gpus: 0, leaseSlots: 16 }),
      leases,
      journal,
      blobs,
      operator: operator.address,
      domain,
    },
    { roles: ["compute", "execution", "coordination"], prices: {}, reservationMs: 5_000 },
  );
  steps = createStepService(
    {
      leases,
      guard: createSigningGuard({ journal, signer: operator, domain }),
      executor: createRuntimeExecutor(),
      blobs,
    },
    { maxFuelPerStep: 1_000_000n },
  );
  host = await createMeshHost({
    privateKey: await generateKeyPair("Ed25519"),
    listen: ["/ip4/127.0.0.1/tcp/0"],
  });
  coordinate = createCoordinateService({
    leases,
    steps,
    legs: createLegClient({ libp2p: host, local: steps }, { stepTimeoutMs: 2_000 }),
    domain,
  });
}, 60_000);

afterAll(async () => {
  await host?.stop();
  await journal?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("coordinate service", () => {
  it("runs the legs in order and signs its own step on the record of their receipts", async () => {
    const [c, e, k] = [id("c1"), id("e1"), id("k1")];
    await place(c, Role.ROLE_COMPUTE, mods.echo!);
    await place(e, Role.ROLE_EXECUTION, mods.echo!);
    await place(k, Role.ROLE_COORDINATION, mods.coordinator!);
    for (let seq = 1n; seq <= 3n; seq++) {
      const req: CoordinateRequest = {
        step: stepFor(k, seq, `in-${seq}`),
        hops: [hop(Role.ROLE_COMPUTE, c), hop(Role.ROLE_EXECUTION, e)],
      };
      const res = await coordinate.handle(req, { remotePeer: SCHEDULER });
      expect(res.hops.map((h) => toHex(h.leaseId))).toEqual([toHex(c), toHex(e)]);
      const legs = res.hops.map((h) => receiptOf(h.kind?.$case === "result" ? h.kind.value : undefined));
      const final = res.hops[1]?.kind?.$case === "result" ? res.hops[1].kind.value : undefined;
      const output = final?.kind?.$case === "output" ? final.kind.value.output : new Uint8Array(0);
      expect(new TextDecoder().decode(output)).toBe(`in-${seq}`);
      const own = receiptOf(res.coordination);
      expect(own.role).toBe(Role.ROLE_COORDINATION);
      expect(toHex(own.inputHash)).toBe(
        toHex(
          sha256(
            coordinationRecordOf(
              enc(`in-${seq}`),
              legs.map((r) => ({ receipt: r, hash: hashReceipt(domain, r) })),
              output,
            ),
          ),
        ),
      );
      const ledger = decodeCoordinatorOutput(
        res.coordination?.kind?.$case === "output" ? res.coordination.kind.value.output : new Uint8Array(0),
      );
      expect(ledger.sequence).toBe(seq);
      expect(ledger.steps).toBe(seq);
      expect(ledger.receiptHashes.length).toBe(2);
    }
  });

  it("answers only the scheduler that offered the coordination lease, and only for coordination leases", async () => {
    const [c, k] = [id("c2"), id("k2")];
    await place(c, Role.ROLE_COMPUTE, mods.echo!);
    await place(k, Role.ROLE_COORDINATION, mods.coordinator!);
    const req = { step: stepFor(k, 1n, "x"), hops: [hop(Role.ROLE_COMPUTE, c)] };
    const code = (r: Awaited<ReturnType<CoordinateService["handle"]>>) =>
      r.coordination?.kind?.$case === "error" ? r.coordination.kind.value.code : "none";
    expect(code(await coordinate.handle(req, { remotePeer: "12D3KooWSomeoneElse" }))).toBe(
      "ERR_LEASE_UNKNOWN",
    );
    expect(
      code(await coordinate.handle({ ...req, step: stepFor(c, 1n, "x") }, { remotePeer: SCHEDULER })),
    ).toBe("ERR_BAD_REQUEST");
    expect(code(await coordinate.handle({ ...req, hops: [] }, { remotePeer: SCHEDULER }))).toBe(
      "ERR_BAD_REQUEST",
    );
    const verifierLeg = { ...req, hops: [hop(Role.ROLE_VERIFICATION, c)] };
    expect(code(await coordinate.handle(verifierLeg, { remotePeer: SCHEDULER }))).toBe("ERR_BAD_REQUEST");
    // None of these ran anything: the lease's first step is still to come.
    expect(leases.get(k)?.lastSequence).toBeUndefined();
  });

  it("coordinates nothing on a leg whose receipt is not its operator's, or a leg it cannot reach", async () => {
    const [c, k] = [id("c3"), id("k3")];
    await place(c, Role.ROLE_COMPUTE, mods.echo!);
    await place(k, Role.ROLE_COORDINATION, mods.coordinator!);
    const wrongOperator = await coordinate.handle(
      { step: stepFor(k, 1n, "y"), hops: [hop(Role.ROLE_COMPUTE, c, { operator: someoneElse.address })] },
      { remotePeer: SCHEDULER },
    );
    expect(wrongOperator.hops.length).toBe(1);
    expect(wrongOperator.coordination).toBeUndefined();
    const other = await generateKeyPair("Ed25519");
    const { peerIdFromPrivateKey } = await import("@libp2p/peer-id");
    const unreachable = await coordinate.handle(
      {
        step: stepFor(k, 1n, "y"),
        hops: [
          hop(Role.ROLE_COMPUTE, id("nowhere"), {
            peerId: peerIdFromPrivateKey(other).toString(),
            addrs: ["/ip4/127.0.0.1/tcp/1"],
          }),
        ],
      },
      { remotePeer: SCHEDULER },
    );
    expect(unreachable.hops[0]?.kind?.$case).toBe("transportError");
    expect(unreachable.coordination).toBeUndefined();
    // Nothing was signed by the coordinator: the resend with the right leg coordinates sequence 1.
    expect(leases.get(k)?.lastSequence).toBeUndefined();
    const ok = await coordinate.handle(
      { step: stepFor(k, 1n, "y"), hops: [hop(Role.ROLE_COMPUTE, c)] },
      { remotePeer: SCHEDULER },
    );
    expect(receiptOf(ok.coordination).sequence).toBe(1n);
  });

  it("a leg takes steps from the coordinator its scheduler named, journalled with its terms", async () => {
    const c = id("c4");
    await place(c, Role.ROLE_COMPUTE, mods.echo!);
    const coordinatorPeer = host.peerId.toString();
    const code = (r: StepResult) => (r.kind?.$case === "error" ? r.kind.value.code : "ok");
    expect(code(await steps.handle(stepFor(c, 1n, "z"), { remotePeer: coordinatorPeer }))).toBe(
      "ERR_LEASE_UNKNOWN",
    );
    const delegate = (from: string, coordinator = coordinatorPeer) =>
      leaseService.handle(
        { kind: { $case: "delegate", value: { leaseId: c, coordinator } } },
        { remotePeer: from },
      );
    // Only the lease's scheduler may name a coordinator, and only a peer id.
    expect((await delegate("12D3KooWSomeoneElse")).kind?.$case).toBe("reject");
    expect((await delegate(SCHEDULER, "not a peer id")).kind?.$case).toBe("reject");
    expect((await delegate(SCHEDULER)).kind?.$case).toBe("ack");
    expect(code(await steps.handle(stepFor(c, 1n, "z"), { remotePeer: coordinatorPeer }))).toBe("ok");
    expect(code(await steps.handle(stepFor(c, 2n, "z"), { remotePeer: "12D3KooWSomeoneElse" }))).toBe(
      "ERR_LEASE_UNKNOWN",
    );
    const journalled = (await journal.leases()).find((l) => toHex(l.terms.leaseId) === toHex(c));
    expect(journalled?.terms.coordinator).toBe(coordinatorPeer);
    // Revoked: the coordinator is refused again.
    expect((await delegate(SCHEDULER, "")).kind?.$case).toBe("ack");
    expect(code(await steps.handle(stepFor(c, 2n, "z"), { remotePeer: coordinatorPeer }))).toBe(
      "ERR_LEASE_UNKNOWN",
    );
  });
});
