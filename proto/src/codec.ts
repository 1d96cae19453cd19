/**
 * Decoding with typed errors. Generated decoders throw plain errors (or worse, RangeErrors) on
 * bad bytes; every decode in PadMesh goes through `decodeMessage`, which bounds the size and
 * turns any failure into a ProtoDecodeError, so a peer's garbage never crashes a handler.
 */
import type { BinaryReader, BinaryWriter } from "@bufbuild/protobuf/wire";
import { MAX_FRAME_BYTES } from "./constants.js";
import { FrameTooLargeError, ProtoDecodeError } from "./errors.js";

/** The part of what ts-proto generates for every message that codecs need. */
export interface MessageFns<T> {
  encode(message: T, writer?: BinaryWriter): BinaryWriter;
  decode(input: BinaryReader | Uint8Array, length?: number): T;
}

export interface DecodeOptions {
  /** Upper bound on the encoded size; defaults to MAX_FRAME_BYTES. */
  maxBytes?: number;
}

/**
 * Decode `bytes` as `type`, or throw a ProtoDecodeError / FrameTooLargeError.
 * @example
 * const advert = decodeMessage(ResourceAdvert, "ResourceAdvert", bytes, { maxBytes: MAX_ADVERT_BYTES });
 */
export function decodeMessage<T>(
  type: MessageFns<T>,
  name: string,
  bytes: Uint8Array,
  options: DecodeOptions = {},
): T {
  const limit = options.maxBytes ?? MAX_FRAME_BYTES;
  if (!(bytes instanceof Uint8Array)) {
    throw new ProtoDecodeError(name, { details: "input is not a Uint8Array" });
  }
  if (bytes.length > limit) throw new FrameTooLargeError(name, bytes.length, limit);
  try {
    return type.decode(bytes);
  } catch (cause) {
    throw new ProtoDecodeError(name, {
      details: cause instanceof Error ? cause.message : String(cause),
      cause,
    });
  }
}

/** Encode a message to bytes. */
export function encodeMessage<T>(type: MessageFns<T>, message: T): Uint8Array {
  return type.encode(message).finish();
}
