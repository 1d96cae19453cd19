/**
 * The coordination record: what a session's coordinator saw of one step, and the input its
 * coordination module runs on (so the coordination receipt's input hash commits to it and a
 * verifier can re-execute it). The scheduler rebuilds it from the legs' receipts and refuses a
 * coordination receipt over any other bytes.
 *
 * Layout, version 1 (integers little-endian):
 *   u8  version = 1
 *   32  sha256 of the session step's input
 *   u8  number of legs, 1..MAX_COORDINATION_HOPS
 *   per leg: u8 role, u8 status (StepStatus), u64 fuel used, 32 receipt hash (EIP-712),
 *            32 input hash, 32 output hash
 *   32  sha256 of the step's final output (32 zero bytes when a leg failed)
 */
import { InvalidMessageError } from "./errors.js";
import type { StepStatus } from "./gen/padmesh/v1/receipt.js";
import type { Role } from "./gen/padmesh/v1/resources.js";

export const COORDINATION_RECORD_VERSION = 1;
/** Legs one coordinated step may have. */
export const MAX_COORDINATION_HOPS = 8;

const HOP_BYTES = 1 + 1 + 8 + 32 * 3;

export interface CoordinationHopRecord {
  role: Role;
  status: StepStatus;
  fuelUsed: bigint;
  receiptHash: Uint8Array;
  inputHash: Uint8Array;
  outputHash: Uint8Array;
}

export interface CoordinationRecord {
  stepInputHash: Uint8Array;
  hops: CoordinationHopRecord[];
  /** sha256 of the final output; 32 zero bytes when a leg failed. */
  outputHash: Uint8Array;
}

function hash32(data: Uint8Array, field: string): Uint8Array {
  if (data.length !== 32) {
    throw new InvalidMessageError("CoordinationRecord", field, `expected 32 bytes, got ${data.length}`);
  }
  return data;
}

/**
 * @example
 * const record = encodeCoordinationRecord({ stepInputHash, hops: [computeLeg, executionLeg], outputHash });
 */
export function encodeCoordinationRecord(r: CoordinationRecord): Uint8Array {
  if (r.hops.length === 0 || r.hops.length > MAX_COORDINATION_HOPS) {
    throw new InvalidMessageError(
      "CoordinationRecord",
      "hops",
      `expected 1..${MAX_COORDINATION_HOPS} legs, got ${r.hops.length}`,
    );
  }
  const out = new Uint8Array(1 + 32 + 1 + r.hops.length * HOP_BYTES + 32);
  const view = new DataView(out.buffer);
  let at = 0;
  out[at++] = COORDINATION_RECORD_VERSION;
  out.set(hash32(r.stepInputHash, "stepInputHash"), at);
  at += 32;
  out[at++] = r.hops.length;
  for (const [i, h] of r.hops.entries()) {
    if (h.role < 0 || h.role > 255 || h.status < 0 || h.status > 255) {
      throw new InvalidMessageError("CoordinationRecord", `hops[${i}]`, "role or status out of range");
    }
    if (h.fuelUsed < 0n || h.fuelUsed >= 1n << 64n) {
      throw new InvalidMessageError("CoordinationRecord", `hops[${i}].fuelUsed`, "not a u64");
    }
    out[at++] = h.role;
    out[at++] = h.status;
    view.setBigUint64(at, h.fuelUsed, true);
    at += 8;
    for (const [name, v] of [
      ["receiptHash", h.receiptHash],
      ["inputHash", h.inputHash],
      ["outputHash", h.outputHash],
    ] as const) {
      out.set(hash32(v, `hops[${i}].${name}`), at);
      at += 32;
    }
  }
  out.set(hash32(r.outputHash, "outputHash"), at);
  return out;
}

/** Decode a version-1 record; throws InvalidMessageError on anything else. */
export function decodeCoordinationRecord(bytes: Uint8Array): CoordinationRecord {
  const bad = (reason: string) => new InvalidMessageError("CoordinationRecord", "bytes", reason);
  if (bytes.length < 1 + 32 + 1 + 32) throw bad("too short");
  if (bytes[0] !== COORDINATION_RECORD_VERSION) throw bad(`unknown version ${bytes[0]}`);
  const n = bytes[33] as number;
  if (n === 0 || n > MAX_COORDINATION_HOPS) throw bad(`expected 1..${MAX_COORDINATION_HOPS} legs, got ${n}`);
  if (bytes.length !== 1 + 32 + 1 + n * HOP_BYTES + 32) throw bad("length does not match the leg count");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 34;
  const hops: CoordinationHopRecord[] = [];
  for (let i = 0; i < n; i++) {
    const role = bytes[at] as Role;
    const status = bytes[at + 1] as StepStatus;
    const fuelUsed = view.getBigUint64(at + 2, true);
    at += 10;
    const receiptHash = bytes.slice(at, at + 32);
    const inputHash = bytes.slice(at + 32, at + 64);
    const outputHash = bytes.slice(at + 64, at + 96);
    at += 96;
    hops.push({ role, status, fuelUsed, receiptHash, inputHash, outputHash });
  }
  return { stepInputHash: bytes.slice(1, 33), hops, outputHash: bytes.slice(at, at + 32) };
}
