/** Little-endian encoding helpers for the sample agents' compact binary formats. */
import { AgentCodecError } from "../errors.js";

export class LeWriter {
  #buf: Buffer;
  #len = 0;

  constructor(capacity = 256) {
    this.#buf = Buffer.alloc(capacity);
  }

  #reserve(n: number): number {
    if (this.#len + n > this.#buf.length) {
      const next = Buffer.alloc(Math.max(this.#buf.length * 2, this.#len + n));
      this.#buf.copy(next, 0, 0, this.#len);
      this.#buf = next;
    }
    const at = this.#len;
    this.#len += n;
    return at;
  }

  u8(v: number): this {
    const at = this.#reserve(1);
    this.#buf.writeUInt8(v, at);
    return this;
  }
  u16(v: number): this {
    const at = this.#reserve(2);
    this.#buf.writeUInt16LE(v, at);
    return this;
  }
  u32(v: number): this {
    const at = this.#reserve(4);
    this.#buf.writeUInt32LE(v, at);
    return this;
  }
  u64(v: bigint): this {
    const at = this.#reserve(8);
    this.#buf.writeBigUInt64LE(v, at);
    return this;
  }
  i64(v: bigint): this {
    const at = this.#reserve(8);
    this.#buf.writeBigInt64LE(v, at);
    return this;
  }
  bytes(data: Uint8Array): this {
    const at = this.#reserve(data.length);
    this.#buf.set(data, at);
    return this;
  }
  finish(): Uint8Array {
    return new Uint8Array(this.#buf.subarray(0, this.#len));
  }
}

export class LeReader {
  #buf: Buffer;
  #pos = 0;
  readonly format: string;

  constructor(format: string, data: Uint8Array) {
    this.format = format;
    this.#buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }

  #take(n: number): number {
    if (this.#pos + n > this.#buf.length) throw new AgentCodecError(this.format, "truncated");
    const at = this.#pos;
    this.#pos += n;
    return at;
  }

  get remaining(): number {
    return this.#buf.length - this.#pos;
  }
  u8(): number {
    return this.#buf.readUInt8(this.#take(1));
  }
  u16(): number {
    return this.#buf.readUInt16LE(this.#take(2));
  }
  u32(): number {
    return this.#buf.readUInt32LE(this.#take(4));
  }
  u64(): bigint {
    return this.#buf.readBigUInt64LE(this.#take(8));
  }
  i64(): bigint {
    return this.#buf.readBigInt64LE(this.#take(8));
  }
  bytes(n: number): Uint8Array {
    const at = this.#take(n);
    return new Uint8Array(this.#buf.subarray(at, at + n));
  }
  /** A u32 count of items of `itemBytes` each, checked against what is left (no huge allocations). */
  count(itemBytes: number): number {
    const n = this.u32();
    if (n * itemBytes > this.remaining) throw new AgentCodecError(this.format, `count ${n} exceeds the data`);
    return n;
  }
  version(expected: number): void {
    const v = this.u8();
    if (v !== expected) throw new AgentCodecError(this.format, `version ${v}, expected ${expected}`);
  }
  end(): void {
    if (this.remaining !== 0) throw new AgentCodecError(this.format, `${this.remaining} trailing bytes`);
  }
}
