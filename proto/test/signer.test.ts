import fc from "fast-check";
import { recoverAddress, serializeSignature } from "viem";
import { generatePrivateKey, privateKeyToAccount, sign } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { createKeySigner, InvalidSignatureError, recoverDigestSigner, toHex } from "../src/index.js";

const ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const digest = fc.uint8Array({ minLength: 32, maxLength: 32 });
const key = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((b) => toHex(b))
  .filter((h) => BigInt(h) > 0n && BigInt(h) < ORDER);

describe("signer (libsecp256k1) pinned to viem", () => {
  it("signs the same bytes as viem and recovers the same address", async () => {
    await fc.assert(
      fc.asyncProperty(key, digest, async (k, d) => {
        const ours = await createKeySigner(k).signDigest(d);
        const theirs = serializeSignature(await sign({ hash: toHex(d), privateKey: k, to: "object" }));
        expect(toHex(ours)).toBe(theirs);
        const address = privateKeyToAccount(k).address;
        expect(await recoverDigestSigner("test", d, ours)).toBe(address);
        expect(await recoverAddress({ hash: toHex(d), signature: theirs })).toBe(address);
      }),
      { numRuns: 100 },
    );
  });

  it("accepts a bare parity byte like viem does", async () => {
    const s = createKeySigner(generatePrivateKey());
    const d = new Uint8Array(32).fill(7);
    const sig = await s.signDigest(d);
    const bare = Uint8Array.from(sig);
    bare[64] = sig[64]! - 27;
    expect(await recoverDigestSigner("test", d, bare)).toBe(s.address);
  });

  it("refuses the malleable high-s twin (the escrow's ECDSA.recover would too)", async () => {
    const s = createKeySigner(generatePrivateKey());
    const d = new Uint8Array(32).fill(9);
    const sig = await s.signDigest(d);
    const sHigh = ORDER - BigInt(toHex(sig.subarray(32, 64)));
    const twin = Uint8Array.from(sig);
    twin.set(Buffer.from(sHigh.toString(16).padStart(64, "0"), "hex"), 32);
    twin[64] = sig[64] === 27 ? 28 : 27;
    // The twin is a valid ECDSA signature for the same key...
    expect(await recoverAddress({ hash: toHex(d), signature: toHex(twin) })).toBe(s.address);
    // ...which we refuse, as the contracts do.
    await expect(recoverDigestSigner("test", d, twin)).rejects.toThrow(InvalidSignatureError);
  });

  it("any other v, a zero r or a wrong-length digest is a typed error", async () => {
    const s = createKeySigner(generatePrivateKey());
    const d = new Uint8Array(32).fill(1);
    const sig = await s.signDigest(d);
    for (const v of [2, 26, 29, 255]) {
      const bad = Uint8Array.from(sig);
      bad[64] = v;
      await expect(recoverDigestSigner("test", d, bad)).rejects.toThrow(InvalidSignatureError);
    }
    const zeroR = Uint8Array.from(sig);
    zeroR.fill(0, 0, 32);
    await expect(recoverDigestSigner("test", d, zeroR)).rejects.toThrow(InvalidSignatureError);
    await expect(recoverDigestSigner("test", d.subarray(0, 31), sig)).rejects.toThrow(InvalidSignatureError);
  });
});
