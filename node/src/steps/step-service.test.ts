/**
 * Leases and steps end to end in one process, through the real runtime (a hand-assembled
 * echo-and-store agent), the level journal and the signing guard. No network: the libp2p
 * wiring is covered by the multi-process integration test.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createKeySigner,
  decodeMessage,
  emptyChain,
  extendChain,
  LeaseRejectReason,
  type LeaseRequest,
  type LeaseResponse,
  type MeshDomain,
  type Receipt,
  Role,
  StateSnapshot,
  type StepInput,
  type StepResult,
  sha256,
  signVoucher,
  verifyReceiptSignature,
} from "@padmesh/proto";
import { echoAgentWasm } from "@padmesh/runtime/testing";
import { afterAll, describe, expect, it } from "vitest";
import { createBlobStore } from "../blobs/blob-store.js";
import { createLevelJournal } from "../journal/level-journal.js";
import { createSigningGuard } from "../journal/signing-guard.js";
import { createLedger } from "../leases/capacity.js";
import { createLeaseService } from "../leases/lease-service.js";
import { LeaseTable } from "../leases/lease-table.js";
import { createRuntimeReexecutor } from "../verify/runtime-reexecutor.js";
import { createVerifyService } from "../verify/verify-service.js";
import { createRuntimeExecutor } from "./runtime-executor.js";
import { createStepService, type ForgeKind } from "./step-service.js";

const domain: MeshDomain = {
  chainId: 31337n,
  verifyingContract: "0x00000000000000000000000000000000000000bb",
};
const operator = createKeySigner("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const project = createKeySigner("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const id = (s: string) => sha256(new TextEncoder().encode(s));
const bytes = (s: string) => new TextEncoder().encode(s);

async function makeNode(
  dir: string,
  opts: {
    dishonestRate?: number;
    slots?: number;
    forgeRate?: number;
    forgeKind?: ForgeKind;
    maxUnvoucheredReceipts?: number;
  } = {},
) {
  const journal = createLevelJournal({ path: join(dir, "journal") });
  await journal.open();
  const blobs = createBlobStore({ dir: join(dir, "blobs") });
  const moduleHash = await blobs.put(echoAgentWasm());
  const ledger = createLedger({
    cpuMillis: 2000,
    ramBytes: 1n << 30n,
    vramBytes: 0n,
    gpus: 0,
    leaseSlots: opts.slots ?? 2,
  });
  const leases = new LeaseTable();
  const ended: string[] = [];
  const leaseService = createLeaseService(
    { ledger, leases, journal, blobs, operator: operator.address, domain, onEnded: (_t, r) => ended.push(r) },
    { roles: ["compute", "execution"], prices: { compute: 2n }, reservationMs: 5_000 },
  );
  const executor = createRuntimeExecutor();
  const steps = createStepService(
    {
      leases,
      guard: createSigningGuard({ journal, signer: operator, domain }),
      executor,
      blobs,
      random: () => 0,
    },
    {
      maxFuelPerStep: 1_000_000n,
      maxUnvoucheredReceipts: opts.maxUnvoucheredReceipts,
      dishonestRate: opts.dishonestRate,
      forgeRate: opts.forgeRate,
      forgeKind: opts.forgeKind,
    },
  );
  return { journal, blobs, moduleHash, ledger, leases, leaseService, steps, ended, executor };
}

function offer(
  leaseId: Uint8Array,
  moduleHash: Uint8Array,
  extra: Partial<import("@padmesh/proto").LeaseTerms> = {},
): LeaseRequest {
  return {
    kind: {
      $case: "offer",
      value: {
        terms: {
          leaseId,
          sessionId: id("session"),
          role: Role.ROLE_COMPUTE,
          moduleHash,
          resources: { cpuMillis: 1000, ramBytes: 1n << 20n, vramBytes: 0n, gpus: 0, leaseSlots: 1 },
          pricePerFuel: 3n,
          ttlMs: 60_000n,
          maxFuelPerStep: 100_000n,
          project: project.address,
          scheduler: "",
          resumeCheckpoint: new Uint8Array(0),
          resumeSequence: 0n,
          coordinator: "",
          ...extra,
        },
        offeredAtMs: BigInt(Date.now()),
        reservationMs: 5_000n,
      },
    },
  };
}

const step = (leaseId: Uint8Array, sequence: bigint, input: string): StepInput => ({
  leaseId,
  sessionId: id("session"),
  sequence,
  input: bytes(input),
  timestampMs: 1_700_000_000_000n + sequence,
  fuelLimit: 0n,
  moduleHash: new Uint8Array(0),
  traceparent: "",
});

function receiptOf(r: StepResult): Receipt {
  if (r.kind?.$case !== "output") throw new Error(`step failed: ${JSON.stringify(r.kind?.value)}`);
  return r.kind.value.receipt as Receipt;
}
const caseOf = (r: LeaseResponse) => r.kind?.$case;

describe("lease + step services", () => {
  it("accepts once, rejects when capacity is gone, runs ordered hash-chained steps, releases", async () => {
    const dir = await mkdtemp(join(tmpdir(), "padmesh-steps-"));
    dirs.push(dir);
    const n = await makeNode(dir, { slots: 1 });
    const lease = id("lease-1");
    expect(caseOf(await n.leaseService.handle(offer(lease, n.moduleHash)))).toBe("accept");
    const dup = await n.leaseService.handle(offer(id("lease-2"), n.moduleHash));
    expect(dup.kind?.$case === "reject" && dup.kind.value.reason).toBe(
      LeaseRejectReason.LEASE_REJECT_REASON_INSUFFICIENT_CAPACITY,
    );
    const cheap = await n.leaseService.handle(offer(id("lease-3"), n.moduleHash, { pricePerFuel: 1n }));
    expect(cheap.kind?.$case === "reject" && cheap.kind.value.reason).toBe(
      LeaseRejectReason.LEASE_REJECT_REASON_PRICE_TOO_LOW,
    );
    expect(caseOf(await n.leaseService.handle({ kind: { $case: "confirm", value: lease } }))).toBe("ack");

    let chain = emptyChain();
    for (let s = 1n; s <= 5n; s++) {
      const r = await n.steps.handle(step(lease, s, `input-${s}`));
      if (r.kind?.$case !== "output") throw new Error("expected output");
      expect(new TextDecoder().decode(r.kind.value.output)).toBe(`input-${s}`);
      const snap = decodeMessage(StateSnapshot, "StateSnapshot", r.kind.value.stateSnapshot);
      expect(new TextDecoder().decode(snap.entries[0]?.value)).toBe(`input-${s}`);
      const receipt = receiptOf(r);
      expect(await verifyReceiptSignature(domain, receipt)).toBe(operator.address);
      chain = extendChain(domain, chain, receipt);
      expect(receipt.pricePerFuel).toBe(3n);
      expect(receipt.fuelUsed).toBeGreaterThan(0n);
    }
    const gap = await n.steps.handle(step(lease, 9n, "x"));
    expect(gap.kind?.$case === "error" && gap.kind.value.code).toBe("ERR_STEP_SEQUENCE");
    // A resend of a journalled step gets the same receipt; different content is refused.
    const again = receiptOf(await n.steps.handle(step(lease, 3n, "input-3")));
    expect(Buffer.from(again.signature).toString("hex")).toBe(
      Buffer.from(receiptOf(await n.steps.handle(step(lease, 3n, "input-3"))).signature).toString("hex"),
    );
    const conflict = await n.steps.handle(step(lease, 3n, "other"));
    expect(conflict.kind?.$case === "error" && conflict.kind.value.code).toBe("ERR_SIGNING_CONFLICT");

    // Voucher from the project, journalled for the claim.
    const voucher = await signVoucher(
      domain,
      {
        sessionId: id("session"),
        leaseId: lease,
        operator: operator.address,
        cumulativeAmount: "1500",
        lastReceiptHash: chain.hash,
        receiptCount: 5n,
        signature: new Uint8Array(0),
      },
      project,
    );
    expect(caseOf(await n.leaseService.handle({ kind: { $case: "voucher", value: voucher } }))).toBe("ack");
    expect((await n.journal.getVoucher(lease))?.cumulativeAmount).toBe("1500");
    expect(n.leaseService.voucherSigners.get(Buffer.from(lease).toString("hex").replace(/^/, "0x"))).toBe(
      project.address,
    );

    const hb = await n.leaseService.handle({
      kind: { $case: "heartbeat", value: { leaseId: lease, atMs: 0n, state: 0, lastSequence: 0n } },
    });
    expect(hb.kind?.$case === "heartbeat" && hb.kind.value.lastSequence).toBe(5n);
    expect(
      caseOf(
        await n.leaseService.handle({ kind: { $case: "release", value: { leaseId: lease, reason: 1 } } }),
      ),
    ).toBe("ack");
    expect(n.ended).toEqual(["completed"]);
    expect(n.ledger.holds.size).toBe(0);
    expect(caseOf(await n.leaseService.handle(offer(id("lease-4"), n.moduleHash)))).toBe("accept");
    await n.journal.close();
  });

  it("stops working for a project that does not countersign, and goes on once it does (also after a restart)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "padmesh-steps-"));
    dirs.push(dir);
    let n = await makeNode(dir, { maxUnvoucheredReceipts: 3 });
    const lease = id("lease-unpaid");
    await n.leaseService.handle(offer(lease, n.moduleHash));
    await n.leaseService.handle({ kind: { $case: "confirm", value: lease } });
    let chain = emptyChain();
    for (let s = 1n; s <= 3n; s++)
      chain = extendChain(domain, chain, receiptOf(await n.steps.handle(step(lease, s, "x"))));
    const refused = await n.steps.handle(step(lease, 4n, "x"));
    expect(refused.kind?.$case === "error" && refused.kind.value.code).toBe("ERR_VOUCHERS_BEHIND");
    // A voucher for the first two receipts: two more steps may run, then it stops again.
    const voucher = await signVoucher(
      domain,
      {
        sessionId: id("session"),
        leaseId: lease,
        operator: operator.address,
        cumulativeAmount: "10",
        lastReceiptHash: chain.hash,
        receiptCount: 2n,
        signature: new Uint8Array(0),
      },
      project,
    );
    expect(caseOf(await n.leaseService.handle({ kind: { $case: "voucher", value: voucher } }))).toBe("ack");
    receiptOf(await n.steps.handle(step(lease, 4n, "x")));
    receiptOf(await n.steps.handle(step(lease, 5n, "x")));
    const again = await n.steps.handle(step(lease, 6n, "x"));
    expect(again.kind?.$case === "error" && again.kind.value.code).toBe("ERR_VOUCHERS_BEHIND");
    // A restarted node remembers what was vouchered.
    await n.executor.close();
    await n.journal.close();
    n = await makeNode(dir, { maxUnvoucheredReceipts: 3 });
    expect(await n.leaseService.recover()).toBe(1);
    const afterRestart = await n.steps.handle(step(lease, 6n, "x"));
    expect(afterRestart.kind?.$case === "error" && afterRestart.kind.value.code).toBe("ERR_VOUCHERS_BEHIND");
    await n.executor.close();
    await n.journal.close();
  });

  it("resumes running leases from the journal after a restart", async () => {
    const dir = await mkdtemp(join(tmpdir(), "padmesh-resume-"));
    dirs.push(dir);
    const lease = id("lease-r");
    const a = await makeNode(dir);
    await a.leaseService.handle(offer(lease, a.moduleHash));
    await a.leaseService.handle({ kind: { $case: "confirm", value: lease } });
    const r1 = receiptOf(await a.steps.handle(step(lease, 1n, "one")));
    const r2 = receiptOf(await a.steps.handle(step(lease, 2n, "two")));
    await a.journal.close();

    const b = await makeNode(dir);
    expect(await b.leaseService.recover()).toBe(1);
    // The lost reply of step 2 is re-sent identically; step 3 continues the chain and the state.
    const r2b = receiptOf(await b.steps.handle(step(lease, 2n, "two")));
    expect(Buffer.from(r2b.signature)).toEqual(Buffer.from(r2.signature));
    const r3 = receiptOf(await b.steps.handle(step(lease, 3n, "three")));
    let chain = extendChain(domain, extendChain(domain, emptyChain(), r1), r2);
    chain = extendChain(domain, chain, r3);
    expect(chain.sequence).toBe(3n);
    expect(r3.stateRootBefore).toEqual(r2.stateRootAfter);
    await b.journal.close();
  });

  it("continues at resume_sequence + 1 from a checkpoint", async () => {
    const dir = await mkdtemp(join(tmpdir(), "padmesh-ckpt-"));
    dirs.push(dir);
    const n = await makeNode(dir);
    const first = id("lease-c1");
    await n.leaseService.handle(offer(first, n.moduleHash));
    await n.leaseService.handle({ kind: { $case: "confirm", value: first } });
    const out = await n.steps.handle(step(first, 7n, "seven"));
    if (out.kind?.$case !== "output") throw new Error("expected output");
    const checkpoint = await n.blobs.put(out.kind.value.stateSnapshot);
    const second = id("lease-c2");
    await n.leaseService.handle(
      offer(second, n.moduleHash, { resumeCheckpoint: checkpoint, resumeSequence: 7n }),
    );
    await n.leaseService.handle({ kind: { $case: "confirm", value: second } });
    const wrong = await n.steps.handle(step(second, 1n, "x"));
    expect(wrong.kind?.$case === "error" && wrong.kind.value.code).toBe("ERR_STEP_SEQUENCE");
    const r8 = receiptOf(await n.steps.handle(step(second, 8n, "eight")));
    expect(r8.stateRootBefore).toEqual(receiptOf(out).stateRootAfter);
    await n.journal.close();
  });

  it("verifies honest receipts and catches the dishonesty fault", async () => {
    const dir = await mkdtemp(join(tmpdir(), "padmesh-verify-"));
    dirs.push(dir);
    const verifierKey = createKeySigner("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6");
    for (const dishonest of [false, true]) {
      const n = await makeNode(join(dir, String(dishonest)), { dishonestRate: dishonest ? 1 : 0 });
      const lease = id(`lease-v-${dishonest}`);
      await n.leaseService.handle(offer(lease, n.moduleHash));
      await n.leaseService.handle({ kind: { $case: "confirm", value: lease } });
      const r = await n.steps.handle(step(lease, 1n, "payload"));
      const receipt = receiptOf(r);
      const verify = createVerifyService({
        reexecutor: createRuntimeReexecutor({ executor: n.executor }),
        signer: verifierKey,
        domain,
        blobs: n.blobs,
      });
      const res = await verify.handle({
        receipt,
        input: bytes("payload"),
        stateBefore: { entries: [] },
        module: new Uint8Array(0),
      });
      if (res.kind?.$case !== "attestation")
        throw new Error(`verify failed: ${JSON.stringify(res.kind?.value)}`);
      expect(res.kind.value.mismatch).toBe(dishonest);
      expect(res.kind.value.verifier).toBe(verifierKey.address);
      await n.journal.close();
    }
  });

  it("forges receipts under the forgery fault: a signature not the operator's, or a broken hash chain", async () => {
    const dir = await mkdtemp(join(tmpdir(), "padmesh-forge-"));
    dirs.push(dir);
    // Honest first: the chain extends and the signature recovers to the operator.
    const honest = await makeNode(join(dir, "honest"));
    const h = id("lease-forge-honest");
    await honest.leaseService.handle(offer(h, honest.moduleHash));
    await honest.leaseService.handle({ kind: { $case: "confirm", value: h } });
    const r1 = receiptOf(await honest.steps.handle(step(h, 1n, "a")));
    await verifyReceiptSignature(domain, r1, operator.address);
    extendChain(domain, emptyChain(), r1);
    await honest.journal.close();

    const sig = await makeNode(join(dir, "sig"), { forgeRate: 1, forgeKind: "signature" });
    const ls = id("lease-forge-sig");
    await sig.leaseService.handle(offer(ls, sig.moduleHash));
    await sig.leaseService.handle({ kind: { $case: "confirm", value: ls } });
    const forgedSig = receiptOf(await sig.steps.handle(step(ls, 1n, "a")));
    expect(forgedSig.operator).toBe(operator.address);
    await expect(verifyReceiptSignature(domain, forgedSig, operator.address)).rejects.toThrow();
    // The journal keeps the genuine receipt: a resend is answered with it.
    const resent = receiptOf(await sig.steps.handle(step(ls, 1n, "a")));
    await verifyReceiptSignature(domain, resent, operator.address);
    await sig.journal.close();

    const chain = await makeNode(join(dir, "chain"), { forgeRate: 1, forgeKind: "chain" });
    const lc = id("lease-forge-chain");
    await chain.leaseService.handle(offer(lc, chain.moduleHash));
    await chain.leaseService.handle({ kind: { $case: "confirm", value: lc } });
    const forgedChain = receiptOf(await chain.steps.handle(step(lc, 1n, "a")));
    // Signed by the operator, but its previous-receipt hash is not the lease's (nothing, here).
    await verifyReceiptSignature(domain, forgedChain, operator.address);
    expect(() => extendChain(domain, emptyChain(), forgedChain)).toThrow();
    await chain.journal.close();
  });
});
