/**
 * Request authentication for the scheduler's state-changing RPCs. The client signs
 * (method, sha256 of the request encoded without auth, issued time, nonce) with EIP-191;
 * the server recovers the signer, checks freshness and refuses replayed nonces.
 */
import { type Address, type Hex, hashMessage } from "viem";
import { AUTH_VALIDITY_MS } from "./constants.js";
import { UnauthenticatedError } from "./errors.js";
import type { RequestAuth } from "./gen/padmesh/v1/scheduler.js";
import { fromHex, sha256, toHex } from "./hash.js";
import { recoverDigestSigner, type Signer } from "./signer.js";

/** The digest a RequestAuth signs. `body` is the request encoded with `auth` unset. */
export function authDigest(method: string, body: Uint8Array, issuedAtMs: bigint, nonce: bigint): Uint8Array {
  const text = `padmesh.v1/${method}\n${toHex(sha256(body))}\n${issuedAtMs}\n${nonce}`;
  return fromHex(hashMessage(text));
}

/** Make a RequestAuth for `method` over `body`. */
export async function signRequest(
  method: string,
  body: Uint8Array,
  signer: Signer,
  nowMs: number = Date.now(),
  nonce: bigint = randomNonce(),
): Promise<RequestAuth> {
  const issuedAtMs = BigInt(nowMs);
  const signature = await signer.signDigest(authDigest(method, body, issuedAtMs, nonce));
  return { signer: signer.address, issuedAtMs, nonce, signature };
}

/** Remembers recent nonces per signer so a captured request cannot be replayed. */
export class NonceWindow {
  private readonly seen = new Map<string, number>();
  constructor(private readonly windowMs: number = AUTH_VALIDITY_MS) {}
  /** Returns false if (signer, nonce) was already used inside the window. */
  use(signer: string, nonce: bigint, nowMs: number): boolean {
    if (this.seen.size > 100_000) this.prune(nowMs);
    const key = `${signer.toLowerCase()}:${nonce}`;
    if (this.seen.has(key)) return false;
    this.seen.set(key, nowMs);
    return true;
  }
  private prune(nowMs: number): void {
    for (const [k, at] of this.seen) if (nowMs - at > this.windowMs) this.seen.delete(k);
  }
}

/**
 * Verify a RequestAuth; returns the signer's address. Throws UnauthenticatedError when the
 * auth is missing, expired, from the future, replayed, or signed by someone else.
 */
export async function verifyRequest(
  method: string,
  body: Uint8Array,
  auth: RequestAuth | undefined,
  opts: { nowMs: number; nonces?: NonceWindow; validityMs?: number },
): Promise<Address> {
  if (!auth || auth.signature.length === 0) throw new UnauthenticatedError("no signature");
  const validity = BigInt(opts.validityMs ?? AUTH_VALIDITY_MS);
  const now = BigInt(opts.nowMs);
  if (auth.issuedAtMs + validity < now) throw new UnauthenticatedError("signature expired");
  if (auth.issuedAtMs > now + validity) throw new UnauthenticatedError("signature dated in the future");
  let recovered: Address;
  try {
    recovered = await recoverDigestSigner(
      "RequestAuth",
      authDigest(method, body, auth.issuedAtMs, auth.nonce),
      auth.signature,
    );
  } catch (cause) {
    throw new UnauthenticatedError("malformed signature", { cause });
  }
  if (recovered.toLowerCase() !== auth.signer.toLowerCase()) {
    throw new UnauthenticatedError(`signature is by ${recovered}, not ${auth.signer}`);
  }
  if (opts.nonces && !opts.nonces.use(recovered, auth.nonce, opts.nowMs)) {
    throw new UnauthenticatedError("nonce already used (replay)");
  }
  return recovered;
}

function randomNonce(): bigint {
  const b = crypto.getRandomValues(new Uint8Array(8));
  return BigInt(`0x${Buffer.from(b).toString("hex")}` as Hex);
}
