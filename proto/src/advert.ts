/**
 * Signing and validating ResourceAdverts. Validation is pure (the clock and the last-seen
 * sequence are passed in) and says what gossipsub should do: REJECT punishes the sender,
 * IGNORE drops a message that may be honest but is of no use (e.g. a stale duplicate).
 */

import { decodeMessage, encodeMessage } from "./codec.js";
import {
  ADVERT_LIMITS,
  ADVERT_VERSION,
  MAX_ADVERT_BYTES,
  MAX_ADVERT_TTL_MS,
  MAX_CLOCK_SKEW_MS,
} from "./constants.js";
import { advertCommitmentHash, type MeshDomain } from "./eip712.js";
import {
  ExpiredError,
  GossipAction,
  GossipValidationError,
  InvalidMessageError,
  PadMeshError,
  StaleSequenceError,
} from "./errors.js";
import { ResourceAdvert } from "./gen/padmesh/v1/advert.js";
import { Role } from "./gen/padmesh/v1/resources.js";
import { sha256 } from "./hash.js";
import { type Signer, verifyDigestSigner } from "./signer.js";

/** sha256 of the advert encoded with an empty signature: what the signature commits to. */
export function advertBodyHash(advert: ResourceAdvert): Uint8Array {
  return sha256(encodeMessage(ResourceAdvert, { ...advert, signature: new Uint8Array(0) }));
}

function advertDigest(domain: MeshDomain, advert: ResourceAdvert): Uint8Array {
  return advertCommitmentHash(domain, {
    peerId: advert.peerId,
    operator: advert.operator,
    sequence: advert.sequence,
    expiresAtMs: advert.expiresAtMs,
    bodyHash: advertBodyHash(advert),
  });
}

/** Sign an advert with the operator's key; returns a copy with `operator` and `signature` set. */
export async function signAdvert(
  domain: MeshDomain,
  advert: ResourceAdvert,
  signer: Signer,
): Promise<ResourceAdvert> {
  const unsigned = { ...advert, operator: signer.address, signature: new Uint8Array(0) };
  return { ...unsigned, signature: await signer.signDigest(advertDigest(domain, unsigned)) };
}

/** Check the advert's signature against its operator field; throws InvalidSignatureError. */
export async function verifyAdvertSignature(domain: MeshDomain, advert: ResourceAdvert): Promise<void> {
  await verifyDigestSigner("ResourceAdvert", advertDigest(domain, advert), advert.signature, advert.operator);
}

/** Range and shape checks on an advert; throws InvalidMessageError. Pure. */
export function checkAdvertRanges(advert: ResourceAdvert): void {
  const bad = (field: string, reason: string) => new InvalidMessageError("ResourceAdvert", field, reason);
  const L = ADVERT_LIMITS;
  if (advert.version !== ADVERT_VERSION) throw bad("version", `unsupported version ${advert.version}`);
  if (!advert.peerId || advert.peerId.length > L.stringLength) throw bad("peerId", "missing or too long");
  if (!/^0x[0-9a-fA-F]{40}$/.test(advert.operator)) throw bad("operator", "not an address");
  const d = advert.descriptor;
  if (!d) throw bad("descriptor", "missing");
  if (d.cpuCores < 1 || d.cpuCores > L.cpuCores) throw bad("descriptor.cpuCores", "out of range");
  if (d.cpuModel.length > L.stringLength) throw bad("descriptor.cpuModel", "too long");
  if (d.ramBytes < 1n || d.ramBytes > L.ramBytes) throw bad("descriptor.ramBytes", "out of range");
  if (d.diskBytes > L.diskBytes) throw bad("descriptor.diskBytes", "out of range");
  if (d.gpus.length > L.gpus) throw bad("descriptor.gpus", "too many entries");
  for (const g of d.gpus) {
    if (g.count < 1 || g.count > L.gpuCount) throw bad("descriptor.gpus.count", "out of range");
    if (g.vramBytes > L.vramBytes) throw bad("descriptor.gpus.vramBytes", "out of range");
    if (g.vendor.length > L.stringLength || g.model.length > L.stringLength) {
      throw bad("descriptor.gpus", "vendor or model too long");
    }
  }
  if (d.bandwidthUpBps > L.bandwidthBps || d.bandwidthDownBps > L.bandwidthBps) {
    throw bad("descriptor.bandwidth", "out of range");
  }
  if (d.region.length > L.stringLength) throw bad("descriptor.region", "too long");
  if (d.engines.length > L.engines) throw bad("descriptor.engines", "too many entries");
  if (advert.roles.length < 1 || advert.roles.length > L.roles) throw bad("roles", "must offer 1 to 4 roles");
  const seen = new Set<number>();
  for (const r of advert.roles) {
    if (r.role < Role.ROLE_COMPUTE || r.role > Role.ROLE_VERIFICATION)
      throw bad("roles.role", "unknown role");
    if (seen.has(r.role)) throw bad("roles.role", "offered twice");
    seen.add(r.role);
    if (r.pricePerFuel > L.pricePerFuel) throw bad("roles.pricePerFuel", "out of range");
  }
  const f = advert.free;
  if (!f) throw bad("free", "missing");
  if (f.cpuMillis > d.cpuCores * 1000) throw bad("free.cpuMillis", "more than the node has");
  if (f.ramBytes > d.ramBytes) throw bad("free.ramBytes", "more than the node has");
  const totalVram = d.gpus.reduce((s, g) => s + g.vramBytes * BigInt(g.count), 0n);
  const totalGpus = d.gpus.reduce((s, g) => s + g.count, 0);
  if (f.vramBytes > totalVram) throw bad("free.vramBytes", "more than the node has");
  if (f.gpus > totalGpus) throw bad("free.gpus", "more than the node has");
  if (advert.multiaddrs.length > L.multiaddrs) throw bad("multiaddrs", "too many entries");
  if (advert.signature.length !== 65) throw bad("signature", "must be 65 bytes");
}

/** Expiry window checks against `nowMs`; throws ExpiredError. Pure. */
export function checkAdvertTimes(advert: ResourceAdvert, nowMs: number): void {
  const now = BigInt(nowMs);
  const skew = BigInt(MAX_CLOCK_SKEW_MS);
  if (advert.issuedAtMs > now + skew) throw new ExpiredError("ResourceAdvert", "issued in the future");
  if (advert.expiresAtMs <= now) throw new ExpiredError("ResourceAdvert", "expired");
  if (advert.expiresAtMs <= advert.issuedAtMs)
    throw new ExpiredError("ResourceAdvert", "expires before issue");
  if (advert.expiresAtMs - advert.issuedAtMs > BigInt(MAX_ADVERT_TTL_MS)) {
    throw new ExpiredError("ResourceAdvert", "lifetime longer than the protocol allows");
  }
}

export interface AdvertValidationContext {
  domain: MeshDomain;
  nowMs: number;
  /** Highest sequence already accepted from this peer id, if any. */
  latestSequence?: bigint;
  /** The libp2p peer that propagated or originated the message, when known. */
  fromPeerId?: string;
  /** Is this operator address staked on-chain? (cached by the caller) */
  isStaked?: (operator: string) => Promise<boolean> | boolean;
}

/**
 * Decode and fully validate a gossiped advert. Returns it on ACCEPT; otherwise throws a
 * GossipValidationError whose `action` is REJECT (sender at fault) or IGNORE (stale).
 * @example
 * const advert = await validateAdvertBytes(msg.data, { domain, nowMs: Date.now(), latestSequence });
 */
export async function validateAdvertBytes(
  bytes: Uint8Array,
  ctx: AdvertValidationContext,
): Promise<ResourceAdvert> {
  let advert: ResourceAdvert;
  try {
    advert = decodeMessage(ResourceAdvert, "ResourceAdvert", bytes, { maxBytes: MAX_ADVERT_BYTES });
    checkAdvertRanges(advert);
  } catch (err) {
    throw asGossipError(GossipAction.REJECT, err);
  }
  try {
    checkAdvertTimes(advert, ctx.nowMs);
  } catch (err) {
    // Dated in the future or expired: the sender relays garbage either way.
    throw asGossipError(GossipAction.REJECT, err);
  }
  if (ctx.latestSequence !== undefined && advert.sequence <= ctx.latestSequence) {
    throw asGossipError(GossipAction.IGNORE, new StaleSequenceError(advert.sequence, ctx.latestSequence));
  }
  try {
    await verifyAdvertSignature(ctx.domain, advert);
  } catch (err) {
    throw asGossipError(GossipAction.REJECT, err);
  }
  if (ctx.isStaked && !(await ctx.isStaked(advert.operator))) {
    throw new GossipValidationError(
      GossipAction.REJECT,
      new PadMeshError("ERR_OPERATOR_NOT_STAKED", `operator ${advert.operator} is not staked`),
    );
  }
  return advert;
}

function asGossipError(action: GossipAction, err: unknown): GossipValidationError {
  if (err instanceof PadMeshError) return new GossipValidationError(action, err);
  return new GossipValidationError(
    action,
    new PadMeshError("ERR_INTERNAL", err instanceof Error ? err.message : String(err), { cause: err }),
  );
}
