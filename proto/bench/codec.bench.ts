/**
 * Protocol hot-path costs: receipt encode/decode, EIP-712 receipt hashing (hand-rolled vs viem's
 * generic hashTypedData, the baseline), signing and signature recovery. Prints a table, then one JSON
 * object on its last line.
 */
import { hashTypedData } from "viem";
import { generatePrivateKey } from "viem/accounts";
import {
  createKeySigner,
  decodeMessage,
  encodeMessage,
  hashReceipt,
  type MeshDomain,
  Receipt,
  receiptTypedData,
  signReceipt,
  verifyReceiptSignature,
} from "../src/index.js";

const domain: MeshDomain = {
  chainId: 31337n,
  verifyingContract: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
};
const rnd = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const receipt: Receipt = {
  sessionId: rnd(32),
  leaseId: rnd(32),
  role: 1,
  sequence: 42n,
  moduleHash: rnd(32),
  inputHash: rnd(32),
  outputHash: rnd(32),
  stateRootBefore: rnd(32),
  stateRootAfter: rnd(32),
  fuelUsed: 123_456n,
  pricePerFuel: 1000n,
  prevReceiptHash: rnd(32),
  timestampMs: 1_800_000_000_000n,
  status: 0,
  operator: "",
  signature: new Uint8Array(0),
};

async function rate(name: string, seconds: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await fn(); // warm-up
  let n = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 50; i++) await fn();
    n += 50;
  }
  const perS = n / ((performance.now() - start) / 1000);
  console.log(`${name.padEnd(28)} ${Math.round(perS).toLocaleString().padStart(12)} /s`);
  return perS;
}

const signer = createKeySigner(generatePrivateKey());
const signed = await signReceipt(domain, receipt, signer);
const bytes = encodeMessage(Receipt, signed);

const encode = await rate("receipt encode", 1, () => encodeMessage(Receipt, signed));
const decode = await rate("receipt decode", 1, () => decodeMessage(Receipt, "Receipt", bytes));
const hash = await rate("receipt hash (ours)", 1, () => hashReceipt(domain, signed));
const hashViem = await rate("receipt hash (viem baseline)", 1, () =>
  hashTypedData(receiptTypedData(domain, signed)),
);
const sign = await rate("receipt sign", 1, () => signReceipt(domain, receipt, signer));
const verify = await rate("receipt verify", 1, () => verifyReceiptSignature(domain, signed));

console.log(
  JSON.stringify({
    receipt_encode_per_s: Math.round(encode),
    receipt_decode_per_s: Math.round(decode),
    receipt_hash_per_s: Math.round(hash),
    baseline_viem_hash_per_s: Math.round(hashViem),
    hash_speedup_vs_viem: Number((hash / hashViem).toFixed(2)),
    receipt_sign_per_s: Math.round(sign),
    receipt_verify_per_s: Math.round(verify),
    receipt_bytes: bytes.length,
  }),
);
