/**
 * Canonical hashing. sha256 addresses content (modules, inputs, outputs, state blobs);
 * keccak256 and EIP-712 cover anything the chain checks.
 */
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex as nobleBytesToHex, hexToBytes as nobleHexToBytes } from "@noble/hashes/utils.js";
import { InvalidMessageError } from "./errors.js";

/** 0x-prefixed hex (the same type as viem's `Hex`). */
export type Hex = `0x${string}`;

const bytesToHex = (data: Uint8Array): Hex => `0x${nobleBytesToHex(data)}`;

/** sha256 of bytes, as 32 raw bytes. */
export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}

/** keccak256 of bytes, as 32 raw bytes. */
export function keccak256(data: Uint8Array): Uint8Array {
  return keccak_256(data);
}

/** Lower-case 0x-prefixed hex of bytes. */
export function toHex(data: Uint8Array): Hex {
  return bytesToHex(data);
}

/** Raw bytes of 0x-prefixed hex; throws InvalidMessageError on anything else. */
export function fromHex(hex: string, field = "hex"): Uint8Array {
  if (!/^0x([0-9a-fA-F]{2})*$/.test(hex)) {
    throw new InvalidMessageError("hex", field, "not 0x-prefixed even-length hex");
  }
  return nobleHexToBytes(hex.slice(2));
}

/** Exactly 32 bytes as a bytes32 hex value; throws if the length is wrong. */
export function toBytes32(data: Uint8Array, field = "bytes32"): Hex {
  if (data.length !== 32) {
    throw new InvalidMessageError("bytes32", field, `expected 32 bytes, got ${data.length}`);
  }
  return bytesToHex(data);
}

/** Constant-shape byte equality. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
