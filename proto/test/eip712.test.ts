import fc from "fast-check";
import { hashTypedData } from "viem";
import { generatePrivateKey } from "viem/accounts";
import { describe, expect, it } from "vitest";
import {
  attestationTypedData,
  createKeySigner,
  EIP712_TYPE_STRINGS,
  emptyChain,
  extendChain,
  hashAttestation,
  hashReceipt,
  hashVoucher,
  InvalidSignatureError,
  type MeshDomain,
  type Receipt,
  ReceiptChainError,
  receiptTypedData,
  signAttestation,
  signReceipt,
  signVoucher,
  toHex,
  verifyAttestationSignature,
  verifyReceiptSignature,
  verifyVoucherSignature,
  voucherTypedData,
  ZERO_HASH,
} from "../src/index.js";
import * as arb from "./arbitraries.js";

const domain: MeshDomain = {
  chainId: 31337n,
  verifyingContract: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
};
const signer = createKeySigner(generatePrivateKey());
const other = createKeySigner(generatePrivateKey());

describe("EIP-712 hashing", () => {
  it("matches viem's hashTypedData for receipts, vouchers and attestations", () => {
    fc.assert(
      fc.property(arb.receipt, arb.voucher, arb.attestation, (r, v, a) => {
        expect(toHex(hashReceipt(domain, r))).toBe(hashTypedData(receiptTypedData(domain, r)));
        expect(toHex(hashVoucher(domain, v))).toBe(hashTypedData(voucherTypedData(domain, v)));
        expect(toHex(hashAttestation(domain, a))).toBe(hashTypedData(attestationTypedData(domain, a)));
      }),
      { numRuns: 200 },
    );
  });

  it("declares the type strings the contracts hash", () => {
    expect(EIP712_TYPE_STRINGS.Voucher).toBe(
      "Voucher(bytes32 sessionId,bytes32 leaseId,address operator,uint256 cumulativeAmount,bytes32 lastReceiptHash,uint64 receiptCount)",
    );
  });

  it("binds the domain: another chain id gives another hash", () => {
    fc.assert(
      fc.property(arb.receipt, (r) => {
        expect(hashReceipt(domain, r)).not.toEqual(hashReceipt({ ...domain, chainId: 1n }, r));
      }),
      { numRuns: 50 },
    );
  });
});

// Fields whose change must invalidate an operator's signature.
const RECEIPT_MUTATIONS: [string, (r: Receipt) => Receipt][] = [
  ["sessionId", (r) => ({ ...r, sessionId: flip(r.sessionId) })],
  ["leaseId", (r) => ({ ...r, leaseId: flip(r.leaseId) })],
  ["role", (r) => ({ ...r, role: ((r.role % 4) + 1) as Receipt["role"] })],
  ["sequence", (r) => ({ ...r, sequence: r.sequence ^ 1n })],
  ["moduleHash", (r) => ({ ...r, moduleHash: flip(r.moduleHash) })],
  ["inputHash", (r) => ({ ...r, inputHash: flip(r.inputHash) })],
  ["outputHash", (r) => ({ ...r, outputHash: flip(r.outputHash) })],
  ["stateRootBefore", (r) => ({ ...r, stateRootBefore: flip(r.stateRootBefore) })],
  ["stateRootAfter", (r) => ({ ...r, stateRootAfter: flip(r.stateRootAfter) })],
  ["fuelUsed", (r) => ({ ...r, fuelUsed: r.fuelUsed ^ 1n })],
  ["pricePerFuel", (r) => ({ ...r, pricePerFuel: r.pricePerFuel ^ 1n })],
  ["prevReceiptHash", (r) => ({ ...r, prevReceiptHash: flip(r.prevReceiptHash) })],
  ["timestampMs", (r) => ({ ...r, timestampMs: r.timestampMs ^ 1n })],
  ["status", (r) => ({ ...r, status: ((r.status + 1) % 8) as Receipt["status"] })],
];

function flip(b: Uint8Array, at = 0): Uint8Array {
  const c = Uint8Array.from(b);
  c[at % c.length] = (c[at % c.length] as number) ^ 0x01;
  return c;
}

describe("signatures", () => {
  it("a receipt verifies for its operator and for nobody else", async () => {
    await fc.assert(
      fc.asyncProperty(arb.receipt, async (r) => {
        const signed = await signReceipt(domain, r, signer);
        await expect(verifyReceiptSignature(domain, signed)).resolves.toBe(signer.address);
        await expect(verifyReceiptSignature(domain, signed, other.address)).rejects.toThrow(
          InvalidSignatureError,
        );
      }),
      { numRuns: 50 },
    );
  });

  it("a signature over a changed field never verifies", async () => {
    await fc.assert(
      fc.asyncProperty(
        arb.receipt,
        fc.integer({ min: 0, max: RECEIPT_MUTATIONS.length - 1 }),
        async (r, i) => {
          const signed = await signReceipt(domain, r, signer);
          const [, mutate] = RECEIPT_MUTATIONS[i]!;
          await expect(verifyReceiptSignature(domain, mutate(signed), signer.address)).rejects.toThrow(
            InvalidSignatureError,
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("vouchers: a changed amount or receipt hash never verifies", async () => {
    await fc.assert(
      fc.asyncProperty(arb.voucher, async (v) => {
        const signed = await signVoucher(domain, v, signer);
        await expect(verifyVoucherSignature(domain, signed, signer.address)).resolves.toBe(signer.address);
        const more = { ...signed, cumulativeAmount: String(BigInt(signed.cumulativeAmount) ^ 1n) };
        await expect(verifyVoucherSignature(domain, more, signer.address)).rejects.toThrow(
          InvalidSignatureError,
        );
        const moved = { ...signed, lastReceiptHash: flip(signed.lastReceiptHash) };
        await expect(verifyVoucherSignature(domain, moved, signer.address)).rejects.toThrow(
          InvalidSignatureError,
        );
      }),
      { numRuns: 50 },
    );
  });

  it("attestations: a flipped verdict never verifies", async () => {
    await fc.assert(
      fc.asyncProperty(arb.attestation, async (a) => {
        const signed = await signAttestation(domain, a, signer);
        await expect(verifyAttestationSignature(domain, signed)).resolves.toBe(signer.address);
        await expect(
          verifyAttestationSignature(domain, { ...signed, mismatch: !signed.mismatch }),
        ).rejects.toThrow(InvalidSignatureError);
      }),
      { numRuns: 50 },
    );
  });

  it("malformed signatures are typed errors, not crashes", async () => {
    await fc.assert(
      fc.asyncProperty(arb.receipt, fc.uint8Array({ maxLength: 70 }), async (r, sig) => {
        await expect(
          verifyReceiptSignature(domain, { ...r, signature: sig }, signer.address),
        ).rejects.toThrow(InvalidSignatureError);
      }),
      { numRuns: 200 },
    );
  });

  it("the signer never prints its key", () => {
    const key = generatePrivateKey();
    const s = createKeySigner(key);
    expect(String(s)).not.toContain(key.slice(2));
    expect(JSON.stringify(s)).not.toContain(key.slice(2));
  });
});

describe("receipt hash chain", () => {
  it("accepts a chain and rejects gaps, reordering and wrong links", async () => {
    const base = await fc.sample(arb.receipt, 1)[0]!;
    let cursor = emptyChain();
    const chain: Receipt[] = [];
    let prev = ZERO_HASH;
    for (let i = 0n; i < 5n; i++) {
      const r = await signReceipt(domain, { ...base, sequence: i, prevReceiptHash: prev }, signer);
      prev = hashReceipt(domain, r);
      chain.push(r);
    }
    for (const r of chain) cursor = extendChain(domain, cursor, r);
    expect(cursor.sequence).toBe(4n);

    const c0 = extendChain(domain, emptyChain(), chain[0]!);
    expect(() => extendChain(domain, c0, chain[2]!)).toThrow(ReceiptChainError);
    const forged = { ...chain[1]!, prevReceiptHash: flip(chain[1]!.prevReceiptHash) };
    expect(() => extendChain(domain, c0, forged)).toThrow(ReceiptChainError);
  });
});
