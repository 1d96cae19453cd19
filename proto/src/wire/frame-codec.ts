/**
 * Varint length-prefixed frames, as pure code: `encodeFrame` adds the prefix, `FrameDecoder`
 * splits a byte stream back into frames and refuses any frame over its limit before buffering
 * it. The stream adapter (frame-stream.ts) and the fuzz tests both drive this one decoder.
 */
import { MAX_FRAME_BYTES } from "../constants.js";
import { FrameTooLargeError, ProtoDecodeError } from "../errors.js";

/** A varint length prefix for frames up to 2^35 bytes never needs more than 5 bytes. */
const MAX_PREFIX_BYTES = 5;

/** Encode `length` as an unsigned LEB128 varint. */
export function encodeVarint(length: number): Uint8Array {
  const out: number[] = [];
  let v = length;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Uint8Array.from(out);
}

/** `payload` with its varint length prefix. */
export function encodeFrame(payload: Uint8Array): Uint8Array {
  const prefix = encodeVarint(payload.length);
  const out = new Uint8Array(prefix.length + payload.length);
  out.set(prefix, 0);
  out.set(payload, prefix.length);
  return out;
}

/**
 * Incremental frame splitter. `push` bytes as they arrive, then call `next` until it returns
 * undefined. Throws FrameTooLargeError as soon as a prefix announces a frame over `maxBytes`
 * (nothing of it is buffered) and ProtoDecodeError on a malformed prefix. After a throw the
 * decoder is poisoned: the stream it reads is out of sync and must be dropped.
 */
export class FrameDecoder {
  readonly maxBytes: number;
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private poisoned: Error | undefined;

  constructor(maxBytes: number = MAX_FRAME_BYTES) {
    this.maxBytes = maxBytes;
  }

  /** Bytes received but not yet returned as frames. */
  get pending(): number {
    return this.buffered;
  }

  push(chunk: Uint8Array): void {
    if (this.poisoned) throw this.poisoned;
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** The next whole frame, or undefined when more bytes are needed. */
  next(): Uint8Array | undefined {
    if (this.poisoned) throw this.poisoned;
    if (this.buffered === 0) return undefined;
    const head = this.peek(Math.min(this.buffered, MAX_PREFIX_BYTES));
    let length = 0;
    let scale = 1;
    let prefixLength = 0;
    for (let i = 0; i < head.length; i++) {
      const b = head[i] as number;
      length += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) {
        prefixLength = i + 1;
        break;
      }
    }
    if (prefixLength === 0) {
      if (head.length >= MAX_PREFIX_BYTES) {
        return this.fail(new ProtoDecodeError("frame", { details: "length prefix longer than 5 bytes" }));
      }
      return undefined;
    }
    if (length > this.maxBytes) return this.fail(new FrameTooLargeError("frame", length, this.maxBytes));
    if (this.buffered < prefixLength + length) return undefined;
    const all = this.peek(prefixLength + length);
    this.consume(prefixLength + length);
    return all.subarray(prefixLength);
  }

  private fail(err: Error): never {
    this.poisoned = err;
    this.chunks = [];
    this.buffered = 0;
    throw err;
  }

  /** The first `n` buffered bytes as one array (copies only when they span chunks). */
  private peek(n: number): Uint8Array {
    const first = this.chunks[0] as Uint8Array;
    if (first.length >= n) return first.subarray(0, n);
    const out = new Uint8Array(n);
    let off = 0;
    for (const c of this.chunks) {
      const take = Math.min(c.length, n - off);
      out.set(c.subarray(0, take), off);
      off += take;
      if (off === n) break;
    }
    return out;
  }

  private consume(n: number): void {
    let left = n;
    while (left > 0) {
      const c = this.chunks[0] as Uint8Array;
      if (c.length <= left) {
        this.chunks.shift();
        left -= c.length;
      } else {
        this.chunks[0] = c.subarray(left);
        left = 0;
      }
    }
    this.buffered -= n;
  }
}
