/**
 * Signing keys. A Signer signs 32-byte digests; the private key stays inside the closure and
 * is never printed (toString, toJSON and util.inspect all show only the address).
 *
 * Signing and recovery run on libsecp256k1 (the `secp256k1` package's prebuilt native binding,
 * falling back to its pure-JS implementation where no binding loads): recovery is on the hot
 * path of every step (request auth, receipts, vouchers) and the native code is ~30× faster than
 * viem's JS curve. Signatures are the same bytes viem produces (RFC 6979, low s), and recovery
 * accepts what the escrow's OpenZeppelin `ECDSA.recover` accepts: v in {27, 28} (or a bare
 * parity 0/1) and s in the lower half of the curve order.
 */
import secp256k1 from "secp256k1";
import { type Address, checksumAddress, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { InvalidSignatureError } from "./errors.js";
import { keccak256, toHex } from "./hash.js";

export interface Signer {
  readonly address: Address;
  /** Sign a 32-byte digest; returns a 65-byte r || s || v signature. */
  signDigest(digest: Uint8Array): Promise<Uint8Array>;
}

/**
 * A Signer over a raw secp256k1 private key.
 * @example
 * const signer = createKeySigner(generatePrivateKey());
 */
export function createKeySigner(privateKey: Hex): Signer {
  const address = privateKeyToAccount(privateKey).address;
  const key = Uint8Array.from(Buffer.from(privateKey.slice(2), "hex"));
  const signer: Signer = {
    address,
    async signDigest(digest) {
      const { signature, recid } = secp256k1.ecdsaSign(digest, key);
      const out = new Uint8Array(65);
      out.set(signature, 0);
      out[64] = 27 + recid;
      return out;
    },
  };
  const redacted = () => `Signer(${address})`;
  Object.defineProperties(signer, {
    toString: { value: redacted },
    toJSON: { value: () => ({ address }) },
    [Symbol.for("nodejs.util.inspect.custom")]: { value: redacted },
  });
  return signer;
}

/** Recover the address that signed `digest`; throws InvalidSignatureError on a malformed signature. */
export async function recoverDigestSigner(
  what: string,
  digest: Uint8Array,
  signature: Uint8Array,
): Promise<Address> {
  if (signature.length !== 65) {
    throw new InvalidSignatureError(what, {
      details: `expected 65 bytes, got ${signature.length}`,
    });
  }
  const v = signature[64]!;
  const parity = v === 0 || v === 27 ? 0 : v === 1 || v === 28 ? 1 : -1;
  if (parity < 0) throw new InvalidSignatureError(what, { details: `v must be 27 or 28, got ${v}` });
  const rs = signature.subarray(0, 64);
  if (compareBytes(rs.subarray(32, 64), HALF_ORDER) > 0) {
    throw new InvalidSignatureError(what, {
      details: "s is in the upper half of the curve order (malleable)",
    });
  }
  let pub: Uint8Array;
  try {
    pub = secp256k1.ecdsaRecover(rs, parity, digest, false);
  } catch (cause) {
    throw new InvalidSignatureError(what, { details: "signature does not recover", cause });
  }
  return checksumAddress(toHex(keccak256(pub.subarray(1)).subarray(12)));
}

/** n / 2 for secp256k1: signatures with a larger s are the malleable twin of a valid one. */
const HALF_ORDER = Uint8Array.from(
  Buffer.from("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0", "hex"),
);

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** Recover and compare with `expected` (case-insensitive); throws InvalidSignatureError if they differ. */
export async function verifyDigestSigner(
  what: string,
  digest: Uint8Array,
  signature: Uint8Array,
  expected: string,
): Promise<Address> {
  const recovered = await recoverDigestSigner(what, digest, signature);
  if (recovered.toLowerCase() !== expected.toLowerCase()) {
    throw new InvalidSignatureError(what, {
      details: `signed by ${recovered}, expected ${expected}`,
    });
  }
  return recovered;
}
