/** Test ids: a 32-byte id (session, lease, module) derived from a readable label. */
import { keccak256, stringToBytes } from "viem";

/** keccak256 of the label's UTF-8 bytes. */
export const id32 = (label: string): Uint8Array => keccak256(stringToBytes(label), "bytes");
