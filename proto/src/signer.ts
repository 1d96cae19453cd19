/**
 * Signing keys. A Signer signs 32-byte digests; the private key stays inside the closure and
 * is never printed (toString, toJSON and util.inspect all show only the address).
 */
import { type Address, type Hex, recoverAddress, serializeSignature } from "viem";
import { privateKeyToAccount, sign } from "viem/accounts";
import { InvalidSignatureError } from "./errors.js";
import { toHex } from "./hash.js";

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
  const signer: Signer = {
    address,
    async signDigest(digest) {
      const sig = await sign({ hash: toHex(digest), privateKey, to: "object" });
      return hexToBytesUnchecked(serializeSignature(sig));
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
  try {
    return await recoverAddress({ hash: toHex(digest), signature: toHex(signature) });
  } catch (cause) {
    throw new InvalidSignatureError(what, { details: "signature does not recover", cause });
  }
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

function hexToBytesUnchecked(hex: Hex): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.slice(2), "hex"));
}
