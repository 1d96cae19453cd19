import {
  createKeySigner,
  hashReceipt,
  type MeshDomain,
  type Receipt,
  Role,
  signReceipt,
  toHex,
  ZERO_HASH,
} from "@padmesh/proto";
import fc from "fast-check";
import { generatePrivateKey } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { BudgetExhaustedError, ReceiptRejectedError } from "../src/errors.js";
import { createReceiptVerifier } from "../src/receipts/receiptVerifier.js";
import { createVoucherBook } from "../src/vouchers/voucherBook.js";

const domain: MeshDomain = {
  chainId: 31337n,
  verifyingContract: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
};
const operator = createKeySigner(generatePrivateKey());
const impostor = createKeySigner(generatePrivateKey());
const rnd = () => crypto.getRandomValues(new Uint8Array(32));

async function chain(n: number, signer = operator, leaseId = rnd(), fuel = 100n): Promise<Receipt[]> {
  const out: Receipt[] = [];
  let prev = ZERO_HASH;
  const sessionId = rnd();
  for (let i = 0; i < n; i++) {
    const r = await signReceipt(
      domain,
      {
        sessionId,
        leaseId,
        role: Role.ROLE_COMPUTE,
        sequence: BigInt(i + 1),
        moduleHash: rnd(),
        inputHash: rnd(),
        outputHash: rnd(),
        stateRootBefore: rnd(),
        stateRootAfter: rnd(),
        fuelUsed: fuel,
        pricePerFuel: 10n,
        prevReceiptHash: prev,
        timestampMs: 1n,
        status: 0,
        operator: "",
        signature: new Uint8Array(0),
      },
      signer,
    );
    prev = hashReceipt(domain, r);
    out.push(r);
  }
  return out;
}

describe("receipt verification", () => {
  it("accepts a signed chain from a staked operator", async () => {
    const v = createReceiptVerifier({ domain, isStaked: async () => true });
    for (const r of await chain(5)) await v.verify(r);
    expect(v.rejectedLeases.size).toBe(0);
  });

  it("rejects a gap, then every later receipt of that lease", async () => {
    const v = createReceiptVerifier({ domain, isStaked: async () => true });
    const rs = await chain(4);
    await v.verify(rs[0]!);
    await expect(v.verify(rs[2]!)).rejects.toThrow(ReceiptRejectedError);
    await expect(v.verify(rs[1]!)).rejects.toThrow("earlier receipt");
  });

  it("rejects a receipt signed by someone other than the lease's operator", async () => {
    const v = createReceiptVerifier({ domain, isStaked: async () => true });
    const rs = await chain(1, impostor);
    v.expectOperator(rs[0]!.leaseId, operator.address);
    await expect(v.verify(rs[0]!)).rejects.toThrow(ReceiptRejectedError);
  });

  it("rejects an unstaked operator and a tampered output hash", async () => {
    const unstaked = createReceiptVerifier({ domain, isStaked: async () => false });
    const [r] = await chain(1);
    await expect(unstaked.verify(r!)).rejects.toThrow("not staked");
    const v = createReceiptVerifier({ domain, isStaked: async () => true });
    await expect(v.verify({ ...r!, outputHash: rnd() })).rejects.toThrow(ReceiptRejectedError);
  });
});

describe("voucher book", () => {
  it("cumulative amounts equal the sum of receipt costs, per lease", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 8 }),
        async (fuels) => {
          const book = createVoucherBook({ budget: 10n ** 30n });
          const leaseId = rnd();
          let prev = ZERO_HASH;
          for (const [i, fuel] of fuels.entries()) {
            const [r] = await chain(1, operator, leaseId, fuel);
            const receipt = { ...r!, sequence: BigInt(i + 1), prevReceiptHash: prev };
            prev = hashReceipt(domain, receipt);
            book.add({ receipt, hash: prev, leaseId: toHex(leaseId) });
          }
          const [v] = book.pending();
          expect(BigInt(v!.cumulativeAmount)).toBe(fuels.reduce((s, f) => s + f * 10n, 0n));
          expect(v!.receiptCount).toBe(BigInt(fuels.length));
          expect(v!.lastReceiptHash).toEqual(prev);
          book.issued(v!);
          expect(book.pending()).toHaveLength(0);
        },
      ),
      { numRuns: 20 },
    );
  });

  it("refuses to exceed the budget and never vouchers a frozen lease", async () => {
    const book = createVoucherBook({ budget: 1500n });
    const rs = await chain(2, operator, rnd(), 100n); // 1000 wei each
    const id = toHex(rs[0]!.leaseId);
    book.add({ receipt: rs[0]!, hash: hashReceipt(domain, rs[0]!), leaseId: id });
    expect(() => book.add({ receipt: rs[1]!, hash: hashReceipt(domain, rs[1]!), leaseId: id })).toThrow(
      BudgetExhaustedError,
    );
    book.freeze(id);
    expect(book.pending()).toHaveLength(0);
  });

  it("a lease frozen at a rejected receipt is still paid what was verified before it; a caught one is not", async () => {
    const book = createVoucherBook({ budget: 10n ** 30n });
    const [a, b] = [await chain(3), await chain(3)];
    const ida = toHex(a[0]!.leaseId);
    const idb = toHex(b[0]!.leaseId);
    for (const r of a.slice(0, 2)) book.add({ receipt: r, hash: hashReceipt(domain, r), leaseId: ida });
    for (const r of b.slice(0, 2)) book.add({ receipt: r, hash: hashReceipt(domain, r), leaseId: idb });
    book.freeze(ida, { payVerified: true }); // its third receipt failed the SDK's checks
    book.freeze(idb); // a verifier caught it
    book.add({ receipt: a[2]!, hash: hashReceipt(domain, a[2]!), leaseId: ida }); // ignored: frozen
    const pending = book.pending();
    expect(pending.map((v) => toHex(v.leaseId))).toEqual([ida]);
    expect(pending[0]!.receiptCount).toBe(2n);
    expect(pending[0]!.lastReceiptHash).toEqual(hashReceipt(domain, a[1]!));
    book.issued(pending[0]!);
    expect(book.pending()).toHaveLength(0);
    // A hard freeze is never softened.
    book.freeze(idb, { payVerified: true });
    expect(book.pending()).toHaveLength(0);
  });
});
