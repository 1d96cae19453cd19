/**
 * End-to-end settlement on the in-process network with viem, through deployMesh:
 * stake → open session → claim with voucher → challenge → slash, and the honest path
 * claim → window → finalize → withdrawRemaining, plus every rejection the issue names.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { hashReceipt } from "@padmesh/proto";
import { parseSignature } from "viem";
import { operatorRegistryAbi, padTokenAbi, sessionEscrowAbi } from "../ts/index.js";
import {
  type Actor,
  attestationArg,
  createMesh,
  hex,
  id32,
  type Mesh,
  makeReceipt,
  PAD,
  receiptArg,
  signAttestation,
  signedVoucher,
  signReceipt,
  voucherArg,
} from "./helpers/mesh.js";

const ROLE_COMPUTE = 1;
const ROLE_VERIFICATION = 8;

describe("SessionEscrow flows", () => {
  let m: Mesh;
  let operator: Actor;
  let operator2: Actor;
  let verifier: Actor;
  let project: Actor;
  let sessionKey: Actor;

  before(async () => {
    m = await createMesh();
    operator = await m.actor("operator");
    operator2 = await m.actor("operator2");
    verifier = await m.actor("verifier");
    project = await m.actor("project");
    sessionKey = await m.actor("session-key", 0n);
    await m.register(operator, ROLE_COMPUTE, 1000n * PAD);
    await m.register(operator2, ROLE_COMPUTE, 1000n * PAD);
    await m.register(verifier, ROLE_VERIFICATION, 500n * PAD);
  });

  const read = (functionName: string, args: readonly unknown[], abi: readonly unknown[] = sessionEscrowAbi) =>
    m.publicClient.readContract({
      address: abi === sessionEscrowAbi ? m.c.sessionEscrow : m.c.operatorRegistry,
      abi,
      functionName,
      args,
    } as never) as Promise<never>;

  it("registers operators and verifiers with stake", async () => {
    assert.equal(await read("isActiveOperator", [operator.address], operatorRegistryAbi), true);
    assert.equal(await read("isActiveVerifier", [verifier.address], operatorRegistryAbi), true);
    assert.equal(await read("isActiveVerifier", [operator.address], operatorRegistryAbi), false);
    assert.equal(await read("stakeOf", [operator.address], operatorRegistryAbi), 1000n * PAD);
    assert.equal(await read("peerIdOf", [operator.address], operatorRegistryAbi), "peer-operator");
  });

  it("claims with a voucher, finalizes after the window, refunds the rest", async () => {
    const sessionId = id32("session-honest");
    const leaseId = id32("lease-honest");
    await m.openSession(project, hex(sessionId), 100n * PAD, sessionKey.address);
    const v1 = await signedVoucher(m.domain, sessionKey.signer, {
      sessionId,
      leaseId,
      operator: operator.address,
      cumulative: 10n * PAD,
      count: 100n,
    });
    await m.send(operator, m.c.sessionEscrow, sessionEscrowAbi, "claim", [voucherArg(v1), hex(v1.signature)]);
    // replaying the same voucher is rejected
    await assert.rejects(
      m.send(operator, m.c.sessionEscrow, sessionEscrowAbi, "claim", [voucherArg(v1), hex(v1.signature)]),
      /SessionEscrowVoucherNotIncreasing/,
    );
    const v2 = await signedVoucher(m.domain, sessionKey.signer, {
      sessionId,
      leaseId,
      operator: operator.address,
      cumulative: 25n * PAD,
      count: 250n,
    });
    await m.send(operator, m.c.sessionEscrow, sessionEscrowAbi, "claim", [voucherArg(v2), hex(v2.signature)]);
    const claim = (await read("claims", [hex(sessionId), hex(leaseId)])) as unknown as readonly unknown[];
    assert.equal(claim[0], operator.address);
    assert.equal(claim[1], 25n * PAD);
    assert.equal(claim[2], 250n);
    // the window is still open
    await assert.rejects(
      m.send(operator, m.c.sessionEscrow, sessionEscrowAbi, "finalize", [hex(sessionId), [hex(leaseId)]]),
      /SessionEscrowChallengeWindowOpen/,
    );
    await m.networkHelpers.time.increase(61);
    const before = await m.balanceOf(operator.address);
    await m.send(operator, m.c.sessionEscrow, sessionEscrowAbi, "finalize", [hex(sessionId), [hex(leaseId)]]);
    const fee = (25n * PAD * 100n) / 10_000n; // default fee.protocolBps = 100
    assert.equal((await m.balanceOf(operator.address)) - before, 25n * PAD - fee);
    const quality = (await read("quality", [operator.address], operatorRegistryAbi)) as unknown as bigint[];
    assert.equal(quality[0], 1n);
    // a finalized lease takes no more claims
    const v3 = await signedVoucher(m.domain, sessionKey.signer, {
      sessionId,
      leaseId,
      operator: operator.address,
      cumulative: 30n * PAD,
    });
    await assert.rejects(
      m.send(operator, m.c.sessionEscrow, sessionEscrowAbi, "claim", [voucherArg(v3), hex(v3.signature)]),
      /SessionEscrowLeaseSettled/,
    );
    // close; the owner gets the unclaimed 75 PAD after the grace period
    await m.send(project, m.c.sessionEscrow, sessionEscrowAbi, "closeSession", [hex(sessionId)]);
    await assert.rejects(
      m.send(project, m.c.sessionEscrow, sessionEscrowAbi, "withdrawRemaining", [hex(sessionId)]),
      /SessionEscrowClaimPeriodOpen/,
    );
    await m.networkHelpers.time.increase(121);
    const pb = await m.balanceOf(project.address);
    await m.send(project, m.c.sessionEscrow, sessionEscrowAbi, "withdrawRemaining", [hex(sessionId)]);
    assert.equal((await m.balanceOf(project.address)) - pb, 75n * PAD);
  });

  it("rejects vouchers above the deposit, bad signatures, and claims by others", async () => {
    const sessionId = id32("session-rejects");
    const leaseId = id32("lease-rejects");
    await m.openSession(project, hex(sessionId), 10n * PAD, sessionKey.address);
    const tooMuch = await signedVoucher(m.domain, sessionKey.signer, {
      sessionId,
      leaseId,
      operator: operator.address,
      cumulative: 11n * PAD,
    });
    await assert.rejects(
      m.send(operator, m.c.sessionEscrow, sessionEscrowAbi, "claim", [
        voucherArg(tooMuch),
        hex(tooMuch.signature),
      ]),
      /SessionEscrowExceedsDeposit/,
    );
    const forged = await signedVoucher(m.domain, operator.signer, {
      sessionId,
      leaseId,
      operator: operator.address,
      cumulative: 1n * PAD,
    });
    await assert.rejects(
      m.send(operator, m.c.sessionEscrow, sessionEscrowAbi, "claim", [
        voucherArg(forged),
        hex(forged.signature),
      ]),
      /SessionEscrowInvalidVoucherSignature/,
    );
    const good = await signedVoucher(m.domain, sessionKey.signer, {
      sessionId,
      leaseId,
      operator: operator.address,
      cumulative: 1n * PAD,
    });
    await assert.rejects(
      m.send(operator2, m.c.sessionEscrow, sessionEscrowAbi, "claim", [
        voucherArg(good),
        hex(good.signature),
      ]),
      /SessionEscrowNotVoucherOperator/,
    );
    await assert.rejects(
      m.send(project, m.c.sessionEscrow, sessionEscrowAbi, "claim", [voucherArg(good), hex(good.signature)]),
      /SessionEscrowOperatorInactive/,
    );
    await m.send(operator, m.c.sessionEscrow, sessionEscrowAbi, "claim", [
      voucherArg(good),
      hex(good.signature),
    ]);
    // another operator with a voucher for the same lease cannot take it over
    const other = await signedVoucher(m.domain, sessionKey.signer, {
      sessionId,
      leaseId,
      operator: operator2.address,
      cumulative: 2n * PAD,
    });
    await assert.rejects(
      m.send(operator2, m.c.sessionEscrow, sessionEscrowAbi, "claim", [
        voucherArg(other),
        hex(other.signature),
      ]),
      /SessionEscrowNotLeaseOperator/,
    );
  });

  it("opens a session with an EIP-2612 permit signed by viem", async () => {
    const sessionId = id32("session-permit");
    const deposit = 40n * PAD;
    const deadline = BigInt(await m.networkHelpers.time.latest()) + 3600n;
    const nonce = await m.publicClient.readContract({
      address: m.c.padToken,
      abi: padTokenAbi,
      functionName: "nonces",
      args: [project.address],
    });
    const signature = await project.wallet.signTypedData({
      account: project.wallet.account!,
      domain: {
        name: "PadMesh",
        version: "1",
        chainId: await m.publicClient.getChainId(),
        verifyingContract: m.c.padToken,
      },
      types: {
        Permit: [
          { name: "owner", type: "address" },
          { name: "spender", type: "address" },
          { name: "value", type: "uint256" },
          { name: "nonce", type: "uint256" },
          { name: "deadline", type: "uint256" },
        ],
      },
      primaryType: "Permit",
      message: { owner: project.address, spender: m.c.sessionEscrow, value: deposit, nonce, deadline },
    });
    const { r, s, v } = parseSignature(signature);
    await m.send(project, m.c.sessionEscrow, sessionEscrowAbi, "openSessionWithPermit", [
      hex(sessionId),
      deposit,
      sessionKey.address,
      1000n,
      deadline,
      Number(v),
      r,
      s,
    ]);
    const session = (await read("sessions", [hex(sessionId)])) as unknown as readonly unknown[];
    assert.equal(session[0], project.address);
    assert.equal(session[2], deposit);
    assert.equal(session[5], true);
  });

  it("batches claims of several leases in one call", async () => {
    const sessionId = id32("session-batch");
    await m.openSession(project, hex(sessionId), 100n * PAD, sessionKey.address);
    const vs = [];
    for (let i = 0; i < 5; i++) {
      vs.push(
        await signedVoucher(m.domain, sessionKey.signer, {
          sessionId,
          leaseId: id32(`batch-lease-${i}`),
          operator: operator.address,
          cumulative: BigInt(i + 1) * PAD,
        }),
      );
    }
    await m.send(operator, m.c.sessionEscrow, sessionEscrowAbi, "claimBatch", [
      vs.map(voucherArg),
      vs.map((v) => hex(v.signature)),
    ]);
    const s = (await read("sessions", [hex(sessionId)])) as unknown as readonly unknown[];
    assert.equal(s[3], 15n * PAD);
  });

  it("stake → open → claim → challenge → slash, with the split paid", async () => {
    const sessionId = id32("session-challenge");
    const leaseId = id32("lease-challenge");
    await m.openSession(project, hex(sessionId), 50n * PAD, sessionKey.address);
    const receipt = await signReceipt(m.domain, makeReceipt(sessionId, leaseId, 7n), operator.signer);
    const receiptHash = hashReceipt(m.domain, receipt);
    const v = await signedVoucher(m.domain, sessionKey.signer, {
      sessionId,
      leaseId,
      operator: operator.address,
      cumulative: 20n * PAD,
      count: 8n,
    });
    await m.send(operator, m.c.sessionEscrow, sessionEscrowAbi, "claim", [voucherArg(v), hex(v.signature)]);

    const attestation = await signAttestation(
      m.domain,
      {
        receiptHash,
        sessionId,
        leaseId,
        sequence: 7n,
        outputHash: id32("the-right-output"),
        stateRootAfter: receipt.stateRootAfter,
        fuelUsed: receipt.fuelUsed,
        status: 0,
        mismatch: true,
        verifier: "",
        signature: new Uint8Array(0),
      },
      verifier.signer,
    );
    // the operator cannot attest against itself (it is no verifier) and attestations must differ
    const same = await signAttestation(
      m.domain,
      { ...attestation, outputHash: receipt.outputHash, signature: new Uint8Array(0) },
      verifier.signer,
    );
    await assert.rejects(
      m.send(verifier, m.c.sessionEscrow, sessionEscrowAbi, "challenge", [
        receiptArg(receipt),
        hex(receipt.signature),
        attestationArg(same),
        hex(same.signature),
      ]),
      /SessionEscrowNoMismatch/,
    );
    const stakeBefore = (await read("stakeOf", [operator.address], operatorRegistryAbi)) as unknown as bigint;
    const vb = await m.balanceOf(verifier.address);
    const pb = await m.balanceOf(project.address);
    await m.send(verifier, m.c.sessionEscrow, sessionEscrowAbi, "challenge", [
      receiptArg(receipt),
      hex(receipt.signature),
      attestationArg(attestation),
      hex(attestation.signature),
    ]);
    const slashed = (stakeBefore * 1000n) / 10_000n; // slash.fractionBps default 1000
    assert.equal(await read("stakeOf", [operator.address], operatorRegistryAbi), stakeBefore - slashed);
    assert.equal((await m.balanceOf(verifier.address)) - vb, (slashed * 5000n) / 10_000n);
    assert.equal((await m.balanceOf(project.address)) - pb, (slashed * 3000n) / 10_000n);
    const claim = (await read("claims", [hex(sessionId), hex(leaseId)])) as unknown as readonly unknown[];
    assert.equal(claim[5], true, "claim voided");
    const s = (await read("sessions", [hex(sessionId)])) as unknown as readonly unknown[];
    assert.equal(s[3], 0n, "voided claim released from the session");
    const quality = (await read("quality", [operator.address], operatorRegistryAbi)) as unknown as bigint[];
    assert.equal(quality[1], 1n);
    // the same challenge again is stale: nothing pending any more
    await assert.rejects(
      m.send(verifier, m.c.sessionEscrow, sessionEscrowAbi, "challenge", [
        receiptArg(receipt),
        hex(receipt.signature),
        attestationArg(attestation),
        hex(attestation.signature),
      ]),
      /SessionEscrowNoPendingClaim/,
    );
  });

  it("rejects challenges after the window", async () => {
    const sessionId = id32("session-stale");
    const leaseId = id32("lease-stale");
    await m.openSession(project, hex(sessionId), 50n * PAD, sessionKey.address);
    const receipt = await signReceipt(m.domain, makeReceipt(sessionId, leaseId, 1n), operator2.signer);
    const v = await signedVoucher(m.domain, sessionKey.signer, {
      sessionId,
      leaseId,
      operator: operator2.address,
      cumulative: 5n * PAD,
    });
    await m.send(operator2, m.c.sessionEscrow, sessionEscrowAbi, "claim", [voucherArg(v), hex(v.signature)]);
    await m.networkHelpers.time.increase(61);
    const attestation = await signAttestation(
      m.domain,
      {
        receiptHash: hashReceipt(m.domain, receipt),
        sessionId,
        leaseId,
        sequence: 1n,
        outputHash: id32("other"),
        stateRootAfter: receipt.stateRootAfter,
        fuelUsed: receipt.fuelUsed,
        status: 0,
        mismatch: true,
        verifier: "",
        signature: new Uint8Array(0),
      },
      verifier.signer,
    );
    await assert.rejects(
      m.send(verifier, m.c.sessionEscrow, sessionEscrowAbi, "challenge", [
        receiptArg(receipt),
        hex(receipt.signature),
        attestationArg(attestation),
        hex(attestation.signature),
      ]),
      /SessionEscrowChallengeStale/,
    );
  });
});
