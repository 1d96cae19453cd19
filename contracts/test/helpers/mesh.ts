/**
 * Test fixture: a fresh in-process Hardhat network with the whole mesh deployed by deployMesh,
 * and actors (operators, verifiers, projects) with their own keys, ETH for gas and PAD — the
 * package's shared test mesh (`ts/testing`), plus Hardhat's `viem` and `networkHelpers` for the
 * tests that move time or mine. Not a test file itself (it registers no tests).
 */
import {
  type MeshDomain,
  type Receipt,
  type Signer,
  signAttestation,
  signReceipt,
  signVoucher,
  type Voucher,
} from "@padmesh/proto";
import type { Address, Hex } from "viem";
import {
  deployTestMesh,
  id32,
  startInProcessChain,
  type TestActor,
  type TestMeshOptions,
} from "../../ts/testing/index.js";

export { id32, PAD } from "../../ts/testing/index.js";
export type Actor = TestActor;

export async function createMesh(options: TestMeshOptions = {}) {
  const chain = await startInProcessChain();
  const mesh = await deployTestMesh(chain, options);
  const { connection } = chain;
  return {
    ...mesh,
    connection,
    viem: connection.viem,
    networkHelpers: connection.networkHelpers,
    publicClient: chain.publicClient,
    c: mesh.contracts,
  };
}

export type Mesh = Awaited<ReturnType<typeof createMesh>>;

export function hexBytes(h: Hex): Uint8Array {
  return Uint8Array.from(Buffer.from(h.slice(2), "hex"));
}

export function hex(b: Uint8Array): Hex {
  return `0x${Buffer.from(b).toString("hex")}`;
}

export function makeReceipt(
  sessionId: Uint8Array,
  leaseId: Uint8Array,
  sequence: bigint,
  salt = "r",
): Receipt {
  return {
    sessionId,
    leaseId,
    role: 1,
    sequence,
    moduleHash: id32(`${salt}:module`),
    inputHash: id32(`${salt}:input:${sequence}`),
    outputHash: id32(`${salt}:output:${sequence}`),
    stateRootBefore: id32(`${salt}:before:${sequence}`),
    stateRootAfter: id32(`${salt}:after:${sequence}`),
    fuelUsed: 1000n + sequence,
    pricePerFuel: 5n,
    prevReceiptHash: new Uint8Array(32),
    timestampMs: 1_700_000_000_000n + sequence,
    status: 0,
    operator: "",
    signature: new Uint8Array(0),
  };
}

/** Struct arguments for contract calls: the package's own converters. */
export {
  toAttestationArg as attestationArg,
  toReceiptArg as receiptArg,
  toVoucherArg as voucherArg,
} from "../../ts/index.js";

export async function signedVoucher(
  domain: MeshDomain,
  sessionKey: Signer,
  fields: {
    sessionId: Uint8Array;
    leaseId: Uint8Array;
    operator: Address;
    cumulative: bigint;
    count?: bigint;
  },
) {
  const v: Voucher = {
    sessionId: fields.sessionId,
    leaseId: fields.leaseId,
    operator: fields.operator,
    cumulativeAmount: fields.cumulative.toString(),
    lastReceiptHash: id32(`last:${fields.cumulative}`),
    receiptCount: fields.count ?? 1n,
    signature: new Uint8Array(0),
  };
  return signVoucher(domain, v, sessionKey);
}

export { signAttestation, signReceipt };
