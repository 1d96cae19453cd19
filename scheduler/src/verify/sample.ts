/**
 * Which receipts go to verification: a deterministic sample seeded by the receipt hash, so any
 * scheduler (or an auditor) picks the same receipts at the same governance-set rate.
 */

/** True when the receipt with EIP-712 hash `receiptHash` is sampled at `sampleRateBps` / 10,000. */
export function sampledForVerification(receiptHash: Uint8Array, sampleRateBps: number): boolean {
  if (sampleRateBps <= 0) return false;
  if (sampleRateBps >= 10_000) return true;
  const v = new DataView(receiptHash.buffer, receiptHash.byteOffset, 4).getUint32(0);
  return v % 10_000 < sampleRateBps;
}
