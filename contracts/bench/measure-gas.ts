/**
 * Gas of the settlement path on Hardhat's in-process EDR network, with the contracts deployed by
 * deployMesh. Every figure is `gasUsed` of mined transactions (21k intrinsic included, amortised
 * where per-lease), with a plain PAD transfer measured in the same run as the baseline. Used by
 * `gas.bench.ts` (prints) and `contracts/test/gas.test.ts` (holds the goals).
 */
import { hashReceipt } from "@padmesh/proto";
import {
  attestationArg,
  createMesh,
  hex,
  id32,
  makeReceipt,
  PAD,
  receiptArg,
  signAttestation,
  signedVoucher,
  signReceipt,
  voucherArg,
} from "../test/helpers/mesh.js";
import { operatorRegistryAbi, padTokenAbi, sessionEscrowAbi } from "../ts/index.js";

export interface GasFigures {
  claim_gas: number;
  reclaim_same_lease_gas: number;
  batch_claim_gas_per_lease: number;
  batch_claim_20_sessions_gas_per_lease: number;
  gas_per_receipt: number;
  gas_per_receipt_claim_only: number;
  finalize_gas: number;
  batch_finalize_gas_per_lease: number;
  open_session_gas: number;
  challenge_gas: number;
  stake_gas: number;
  add_stake_gas: number;
  erc20_transfer_gas: number;
  erc20_transfer_new_holder_gas: number;
  batch_claim_per_lease_vs_transfer: number;
  goals: { gas_per_receipt_max: number; batch_claim_gas_per_lease_max: number; met: boolean };
}

export const GAS_GOALS = { gas_per_receipt_max: 200, batch_claim_gas_per_lease_max: 40_000 } as const;

const BATCH = 20;
const RECEIPTS_PER_LEASE = 1000n;

export async function measureGas(): Promise<GasFigures> {
  const m = await createMesh();
  const operator = await m.actor("bench-operator", 100_000n * PAD);
  const verifier = await m.actor("bench-verifier", 100_000n * PAD);
  const project = await m.actor("bench-project", 1_000_000n * PAD);
  const sessionKey = await m.actor("bench-session-key", 0n);
  const holder = await m.actor("bench-holder", 1n * PAD);

  const gas = async (p: Promise<{ gasUsed: bigint }>) => Number((await p).gasUsed);

  // baseline: ERC-20 transfers of PAD between accounts that already hold PAD, and to a new holder
  const erc20TransferGas = await gas(
    m.send(project, m.c.padToken, padTokenAbi, "transfer", [holder.address, PAD]),
  );
  const erc20TransferNewHolderGas = await gas(
    m.send(project, m.c.padToken, padTokenAbi, "transfer", [`0x${"ab".repeat(20)}`, PAD]),
  );

  // stake: first registration (peer id, roles, stake) and a later top-up
  await m.approve(operator, m.c.operatorRegistry, 10_000n * PAD);
  const stakeGas = await gas(
    m.send(operator, m.c.operatorRegistry, operatorRegistryAbi, "register", [
      "12D3KooWBenchOperatorPeerIdxxxxxxxxxxxxxxxxxxxxxxxxx",
      1,
      1000n * PAD,
    ]),
  );
  const addStakeGas = await gas(
    m.send(operator, m.c.operatorRegistry, operatorRegistryAbi, "addStake", [100n * PAD]),
  );
  await m.register(verifier, 8, 1000n * PAD, "12D3KooWBenchVerifierPeerIdxxxxxxxxxxxxxxxxxxxxxxxxx");

  // open session (approve done separately: it is the token's cost, not the escrow's)
  await m.approve(project, m.c.sessionEscrow, 1_000_000n * PAD);
  const open = async (label: string, deposit: bigint) => {
    const sessionId = id32(label);
    const r = await m.send(project, m.c.sessionEscrow, sessionEscrowAbi, "openSession", [
      hex(sessionId),
      deposit,
      sessionKey.address,
      1000n,
    ]);
    return { sessionId, gasUsed: Number(r.gasUsed) };
  };
  const { sessionId, gasUsed: openSessionGas } = await open("bench-session", 100_000n * PAD);

  const voucher = (leaseLabel: string, cumulative: bigint, count: bigint, sid = sessionId) =>
    signedVoucher(m.domain, sessionKey.signer, {
      sessionId: sid,
      leaseId: id32(leaseLabel),
      operator: operator.address,
      cumulative,
      count,
    });
  const claim = async (v: Awaited<ReturnType<typeof voucher>>) =>
    gas(m.send(operator, m.c.sessionEscrow, sessionEscrowAbi, "claim", [voucherArg(v), hex(v.signature)]));
  const claimBatch = async (vs: Awaited<ReturnType<typeof voucher>>[]) =>
    gas(
      m.send(operator, m.c.sessionEscrow, sessionEscrowAbi, "claimBatch", [
        vs.map(voucherArg),
        vs.map((v) => hex(v.signature)),
      ]),
    );

  // one lease, one voucher (the first claim of the session: its slot is cold)
  const claimGas = await claim(await voucher("lease-single", 10n * PAD, 10n));
  // a second voucher on the same lease (slot already set)
  const reclaimGas = await claim(await voucher("lease-single", 20n * PAD, 20n));

  // one lease of 1,000 receipts settled by one voucher: claim + finalize, amortised
  const bigLease = await voucher("lease-1000", 1000n * PAD, RECEIPTS_PER_LEASE);
  const claim1000Gas = await claim(bigLease);

  // 20 leases of one session in one call
  const batch: Awaited<ReturnType<typeof voucher>>[] = [];
  for (let i = 0; i < BATCH; i++) batch.push(await voucher(`lease-batch-${i}`, BigInt(i + 1) * PAD, 50n));
  const batchGas = await claimBatch(batch);

  // 20 leases spread over 20 sessions in one call
  const multi: Awaited<ReturnType<typeof voucher>>[] = [];
  for (let i = 0; i < BATCH; i++) {
    const s = await open(`bench-multi-${i}`, 100n * PAD);
    multi.push(await voucher(`lease-multi-${i}`, PAD, 50n, s.sessionId));
  }
  const multiBatchGas = await claimBatch(multi);

  // finalize after the window
  await m.networkHelpers.time.increase(61);
  const finalize = (ids: Uint8Array[], sid = sessionId) =>
    gas(m.send(operator, m.c.sessionEscrow, sessionEscrowAbi, "finalize", [hex(sid), ids.map(hex)]));
  const finalize1000Gas = await finalize([id32("lease-1000")]);
  const finalizeBatchGas = await finalize(Array.from({ length: BATCH }, (_, i) => id32(`lease-batch-${i}`)));

  // challenge upheld at quorum 1: void + slash + split
  const leaseId = id32("lease-challenged");
  const receipt = await signReceipt(m.domain, makeReceipt(sessionId, leaseId, 3n), operator.signer);
  await claim(await voucher("lease-challenged", 5n * PAD, 4n));
  const attestation = await signAttestation(
    m.domain,
    {
      receiptHash: hashReceipt(m.domain, receipt),
      sessionId,
      leaseId,
      sequence: 3n,
      outputHash: id32("correct-output"),
      stateRootAfter: receipt.stateRootAfter,
      fuelUsed: receipt.fuelUsed,
      status: 0,
      mismatch: true,
      verifier: "",
      signature: new Uint8Array(0),
    },
    verifier.signer,
  );
  const challengeGas = await gas(
    m.send(verifier, m.c.sessionEscrow, sessionEscrowAbi, "challenge", [
      receiptArg(receipt),
      hex(receipt.signature),
      attestationArg(attestation),
      hex(attestation.signature),
    ]),
  );

  const result: GasFigures = {
    claim_gas: claimGas,
    reclaim_same_lease_gas: reclaimGas,
    batch_claim_gas_per_lease: Math.round(batchGas / BATCH),
    batch_claim_20_sessions_gas_per_lease: Math.round(multiBatchGas / BATCH),
    gas_per_receipt: Math.round((claim1000Gas + finalize1000Gas) / Number(RECEIPTS_PER_LEASE)),
    gas_per_receipt_claim_only: Math.round(claim1000Gas / Number(RECEIPTS_PER_LEASE)),
    finalize_gas: finalize1000Gas,
    batch_finalize_gas_per_lease: Math.round(finalizeBatchGas / BATCH),
    open_session_gas: openSessionGas,
    challenge_gas: challengeGas,
    stake_gas: stakeGas,
    add_stake_gas: addStakeGas,
    erc20_transfer_gas: erc20TransferGas,
    erc20_transfer_new_holder_gas: erc20TransferNewHolderGas,
    batch_claim_per_lease_vs_transfer: Number((batchGas / BATCH / erc20TransferGas).toFixed(3)),
    goals: {
      gas_per_receipt_max: 200,
      batch_claim_gas_per_lease_max: 40_000,
      met: (claim1000Gas + finalize1000Gas) / Number(RECEIPTS_PER_LEASE) <= 200 && batchGas / BATCH <= 40_000,
    },
  };
  return result;
}
