/**
 * The node's chain calls against a real local chain (a Hardhat JSON-RPC node in its own process,
 * contracts deployed with deployMesh): the stake check, claiming a journalled voucher when a
 * lease ends, finalizing after the challenge window (the operator is paid), and a verifier's
 * challenge of a wrong receipt (the claim is voided and the operator slashed).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { operatorRegistryAbi } from "@padmesh/contracts";
import {
  deployTestMesh,
  type LocalChainProcess,
  PAD,
  startLocalChain,
  type TestMesh,
} from "@padmesh/contracts/testing";
import {
  createKeySigner,
  hashReceipt,
  type Receipt,
  Role,
  sha256,
  signAttestation,
  signReceipt,
  signVoucher,
  toHex,
} from "@padmesh/proto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepClaims } from "../src/chain/claim-sweep.js";
import { claimLease, finalizeLease } from "../src/chain/claims.js";
import { createViemChain } from "../src/chain/viem-chain.js";
import { createLevelJournal } from "../src/journal/level-journal.js";

const id = (s: string) => sha256(new TextEncoder().encode(s));

let chain: LocalChainProcess;
let mesh: TestMesh;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "padmesh-chain-"));
  chain = await startLocalChain();
  mesh = await deployTestMesh(chain, { keyPrefix: "padmesh-node-chain-test", actorPad: 100_000n * PAD });
}, 120_000);

afterAll(async () => {
  await chain?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("node chain calls (viem, local Hardhat node)", () => {
  it("checks stake, claims a voucher, finalizes after the window; a verifier's challenge voids a wrong claim", async () => {
    const { contracts: c, domain } = mesh;
    const { publicClient, rpcUrl } = chain;
    const operator = await mesh.actor("operator");
    const verifier = await mesh.actor("verifier");
    const owner = await mesh.actor("owner");
    await mesh.register(operator, 1, 1_000n * PAD, "peer-op");
    await mesh.register(verifier, 8, 1_000n * PAD, "peer-ver");
    const sessionId = id("chain-session");
    await mesh.openSession(owner, toHex(sessionId), 10_000n * PAD, owner.address);

    const init = {
      rpcUrl,
      chainId: 31337,
      operatorRegistry: c.operatorRegistry,
      sessionEscrow: c.sessionEscrow,
      meshParams: c.meshParams,
    };
    const node = createViemChain({ ...init, privateKey: operator.privateKey });
    expect(await node.isActiveOperator(operator.address)).toBe(true);
    expect(await node.isActiveOperator(owner.address)).toBe(false);

    const journal = createLevelJournal({ path: join(dir, "journal") });
    await journal.open();
    const sessionKey = createKeySigner(owner.privateKey);
    const opSigner = createKeySigner(operator.privateKey);
    const voucher = (leaseId: Uint8Array, amount: bigint, last: Uint8Array) =>
      signVoucher(
        domain,
        {
          sessionId,
          leaseId,
          operator: operator.address,
          cumulativeAmount: String(amount),
          lastReceiptHash: last,
          receiptCount: 1n,
          signature: new Uint8Array(0),
        },
        sessionKey,
      );

    // Lease A: a wrong receipt, claimed, then challenged by a verifier.
    const leaseA = id("lease-A");
    const receipt: Receipt = await signReceipt(
      domain,
      {
        sessionId,
        leaseId: leaseA,
        role: Role.ROLE_COMPUTE,
        sequence: 1n,
        moduleHash: id("m"),
        inputHash: id("i"),
        outputHash: id("wrong output"),
        stateRootBefore: id("b"),
        stateRootAfter: id("a"),
        fuelUsed: 1000n,
        pricePerFuel: 1n,
        prevReceiptHash: new Uint8Array(32),
        timestampMs: 1n,
        status: 0,
        operator: "",
        signature: new Uint8Array(0),
      },
      opSigner,
    );
    await journal.putVoucher(await voucher(leaseA, 1000n * PAD, hashReceipt(domain, receipt)));
    const claimedA = await claimLease({ journal, submitter: node }, leaseA);
    expect(claimedA?.state).toBe("claimed");
    expect(claimedA?.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    // Claiming again is idempotent (journalled): no second transaction.
    expect((await claimLease({ journal, submitter: node }, leaseA))?.txHash).toBe(claimedA?.txHash);

    const attestation = await signAttestation(
      domain,
      {
        receiptHash: hashReceipt(domain, receipt),
        sessionId,
        leaseId: leaseA,
        sequence: 1n,
        outputHash: id("right output"),
        stateRootAfter: id("a"),
        fuelUsed: 1000n,
        status: 0,
        mismatch: true,
        verifier: "",
        signature: new Uint8Array(0),
      },
      createKeySigner(verifier.privateKey),
    );
    // The operator's stake record, as comparable text (it holds bigints).
    const stakeOf = async () =>
      JSON.stringify(
        await publicClient.readContract({
          address: c.operatorRegistry,
          abi: operatorRegistryAbi,
          functionName: "stakeOf",
          args: [operator.address],
        }),
        (_k, v) => (typeof v === "bigint" ? v.toString() : v),
      );
    const stakeBefore = await stakeOf();
    const challengeTx = await createViemChain({ ...init, privateKey: verifier.privateKey }).challenge(
      receipt,
      attestation,
    );
    expect(challengeTx).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await stakeOf()).not.toBe(stakeBefore);

    // Lease B: an honest claim, finalized once the challenge window has passed.
    const leaseB = id("lease-B");
    await journal.putVoucher(await voucher(leaseB, 500n * PAD, id("last")));
    expect((await claimLease({ journal, submitter: node }, leaseB))?.state).toBe("claimed");
    expect((await finalizeLease({ journal, submitter: node }, sessionId, leaseB))?.state).toBe("claimed"); // window still open
    const windowMs = await node.challengeWindowMs();
    await chain.advanceTime(Math.ceil(windowMs / 1000) + 1);
    const balance = () => mesh.balanceOf(operator.address);
    const before = await balance();
    // The node's clock is injected: it has moved past the window as the chain's has.
    const later = () => Date.now() + windowMs + 2_000;
    const done = await finalizeLease({ journal, submitter: node, now: later }, sessionId, leaseB);
    expect(done?.state).toBe("finalized");
    expect(await balance()).toBeGreaterThan(before);

    // Lease C ended while the node was down: the start-up sweep (and `padmesh node claim`)
    // claims it, then finalizes it once the window has passed; nothing is claimed twice.
    const leaseC = id("lease-C");
    const terms = {
      leaseId: leaseC,
      sessionId,
      role: Role.ROLE_COMPUTE,
      moduleHash: id("m"),
      resources: undefined,
      pricePerFuel: 1n,
      ttlMs: 1000n,
      maxFuelPerStep: 1000n,
      project: owner.address,
      scheduler: "",
      resumeCheckpoint: new Uint8Array(0),
      resumeSequence: 0n,
      coordinator: "",
    };
    await journal.putLease({
      terms,
      state: "ended",
      confirmedAtMs: 0,
      endedAtMs: Date.now(),
      endReason: "completed",
    });
    await journal.putVoucher(await voucher(leaseC, 100n * PAD, id("last-C")));
    const first = await sweepClaims({ journal, submitter: node });
    expect(first.claimed).toEqual([toHex(leaseC)]);
    expect(first.waiting).toContain(toHex(leaseC));
    expect(first.failed).toEqual([]);
    await chain.advanceTime(Math.ceil(windowMs / 1000) + 1);
    const second = await sweepClaims({ journal, submitter: node, now: later });
    expect(second.claimed).toEqual([]);
    expect(second.finalized).toEqual([toHex(leaseC)]);
    await journal.close();
  });
});
