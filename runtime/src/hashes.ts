/** Content addressing: modules, inputs and outputs are named by the sha256 of their bytes. */
import { createHash } from "node:crypto";

/** sha256 of bytes, 32 raw bytes. */
export function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(data).digest());
}

/** sha256 of the ORIGINAL (uninstrumented) module bytes: the module's address and its receipt field. */
export function moduleHash(bytes: Uint8Array): Uint8Array {
  return sha256(bytes);
}

/** sha256 of a step's input bytes. */
export function inputHash(input: Uint8Array): Uint8Array {
  return sha256(input);
}

/** sha256 of a step's output bytes (a failed step's output is empty). */
export function outputHash(output: Uint8Array): Uint8Array {
  return sha256(output);
}
