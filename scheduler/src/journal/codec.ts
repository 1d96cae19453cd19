/**
 * JSON encoding for journal records that hold bigints (amounts, sequences): a bigint is written
 * as `{"$n":"123"}`. Byte fields of records are kept as 0x hex strings, never raw bytes.
 */
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export function encodeRecord(value: unknown): Uint8Array {
  return utf8.encode(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? { $n: v.toString() } : v)));
}

export function decodeRecord<T>(bytes: Uint8Array): T {
  return JSON.parse(fromUtf8.decode(bytes), (_k, v) =>
    v !== null && typeof v === "object" && typeof v.$n === "string" && Object.keys(v).length === 1
      ? BigInt(v.$n)
      : v,
  ) as T;
}

/** Zero-padded decimal so that key order is numeric order. */
export function seqKey(n: bigint | number): string {
  return n.toString().padStart(20, "0");
}
