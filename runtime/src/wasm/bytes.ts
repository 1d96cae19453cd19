/** Byte reading and writing for the wasm binary format (LEB128, vectors). */
import { InvalidModuleError } from "../errors.js";

export class ByteReader {
  pos: number;
  readonly bytes: Uint8Array;
  readonly end: number;

  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  u8(): number {
    if (this.pos >= this.end) throw new InvalidModuleError("unexpected end of section");
    return this.bytes[this.pos++] as number;
  }

  /** Unsigned LEB128 up to 32 bits. */
  u32(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.u8();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) {
        if (result > 0xffffffff) throw new InvalidModuleError("u32 out of range");
        return result;
      }
      shift += 7;
    }
    throw new InvalidModuleError("LEB128 u32 too long");
  }

  /** Skips a signed LEB128 of at most `maxBytes` bytes. */
  skipSigned(maxBytes: number): void {
    for (let i = 0; i < maxBytes; i++) {
      if ((this.u8() & 0x80) === 0) return;
    }
    throw new InvalidModuleError("LEB128 too long");
  }

  /** Reads a signed 33-bit LEB128 (block types) as a number. */
  s33(): number {
    let result = 0;
    let shift = 0;
    let b: number;
    let i = 0;
    do {
      if (i++ >= 5) throw new InvalidModuleError("LEB128 s33 too long");
      b = this.u8();
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    if (b & 0x40) result -= 2 ** shift;
    return result;
  }

  skip(n: number): void {
    if (this.pos + n > this.end) throw new InvalidModuleError("unexpected end of section");
    this.pos += n;
  }

  name(): string {
    const len = this.u32();
    const start = this.pos;
    this.skip(len);
    return new TextDecoder("utf-8", { fatal: true }).decode(this.bytes.subarray(start, start + len));
  }
}

export class ByteWriter {
  #chunks: number[] = [];
  #parts: Uint8Array[] = [];

  byte(b: number): this {
    this.#chunks.push(b & 0xff);
    return this;
  }

  bytes(data: ArrayLike<number>): this {
    if (data.length > 64) {
      this.#flush();
      this.#parts.push(Uint8Array.from(data));
    } else {
      for (let i = 0; i < data.length; i++) this.#chunks.push(data[i] as number);
    }
    return this;
  }

  u32(value: number): this {
    let v = value >>> 0;
    do {
      let b = v & 0x7f;
      v >>>= 7;
      if (v !== 0) b |= 0x80;
      this.#chunks.push(b);
    } while (v !== 0);
    return this;
  }

  s32(value: number): this {
    return this.s64(BigInt(value | 0));
  }

  s64(value: bigint): this {
    let v = value;
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
      this.#chunks.push(done ? b : b | 0x80);
      if (done) return this;
    }
  }

  name(text: string): this {
    const encoded = new TextEncoder().encode(text);
    return this.u32(encoded.length).bytes(encoded);
  }

  finish(): Uint8Array {
    this.#flush();
    let length = 0;
    for (const p of this.#parts) length += p.length;
    const out = new Uint8Array(length);
    let offset = 0;
    for (const p of this.#parts) {
      out.set(p, offset);
      offset += p.length;
    }
    return out;
  }

  #flush(): void {
    if (this.#chunks.length > 0) {
      this.#parts.push(Uint8Array.from(this.#chunks));
      this.#chunks = [];
    }
  }
}
