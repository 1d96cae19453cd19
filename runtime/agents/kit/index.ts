// PadMesh agent kit for AssemblyScript: the host ABI (docs/runtime.md) wrapped in small helpers.
// Agents import from "../kit" and export `step(): i32` (0 = success).

@external("padmesh", "input_size")
declare function host_input_size(): i32;
@external("padmesh", "input_read")
declare function host_input_read(dst: usize, offset: u32, len: u32): i32;
@external("padmesh", "output_write")
declare function host_output_write(src: usize, len: u32): void;
@external("padmesh", "state_get")
declare function host_state_get(kp: usize, kl: u32, dst: usize, cap: u32): i32;
@external("padmesh", "state_set")
declare function host_state_set(kp: usize, kl: u32, vp: usize, vl: u32): void;
@external("padmesh", "state_delete")
declare function host_state_delete(kp: usize, kl: u32): i32;
@external("padmesh", "log")
declare function host_log(p: usize, len: u32): void;
@external("padmesh", "ctx_sequence")
declare function host_ctx_sequence(): u64;
@external("padmesh", "ctx_timestamp_ms")
declare function host_ctx_timestamp_ms(): u64;

/** The whole step input. */
export function readInput(): Uint8Array {
  const n = host_input_size();
  const buf = new Uint8Array(n);
  host_input_read(buf.dataStart, 0, <u32>n);
  return buf;
}

/** Appends bytes to the step output. */
export function writeOutput(data: Uint8Array): void {
  host_output_write(data.dataStart, <u32>data.length);
}

/** The session state value under `key`, or null. */
export function stateGet(key: string): Uint8Array | null {
  const k = String.UTF8.encode(key);
  const kp = changetype<usize>(k);
  const kl = <u32>k.byteLength;
  const small = new Uint8Array(64);
  const n = host_state_get(kp, kl, small.dataStart, 64);
  if (n < 0) return null;
  if (n <= 64) return small.subarray(0, n);
  const buf = new Uint8Array(n);
  host_state_get(kp, kl, buf.dataStart, <u32>n);
  return buf;
}

/** Stores `value` under `key` (kept only if the step succeeds). */
export function stateSet(key: string, value: Uint8Array): void {
  const k = String.UTF8.encode(key);
  host_state_set(changetype<usize>(k), <u32>k.byteLength, value.dataStart, <u32>value.length);
}

/** Removes `key`; true when it existed. */
export function stateDelete(key: string): bool {
  const k = String.UTF8.encode(key);
  return host_state_delete(changetype<usize>(k), <u32>k.byteLength) == 1;
}

/** A u64 stored under `key`, or `fallback`. */
export function stateGetU64(key: string, fallback: u64 = 0): u64 {
  const v = stateGet(key);
  if (v == null || v.length < 8) return fallback;
  return load<u64>(v.dataStart);
}

export function stateSetU64(key: string, value: u64): void {
  const buf = new Uint8Array(8);
  store<u64>(buf.dataStart, value);
  stateSet(key, buf);
}

/** Emits a log line (bounded by the host; not part of receipts). */
export function log(message: string): void {
  const b = String.UTF8.encode(message);
  host_log(changetype<usize>(b), <u32>b.byteLength);
}

/** The step's sequence number. */
export function sequence(): u64 {
  return host_ctx_sequence();
}

/** The step's timestamp in ms, given by the coordinator (the agent's only notion of time). */
export function timestampMs(): u64 {
  return host_ctx_timestamp_ms();
}

/** Little-endian reader over the input; throws (aborting the step) past the end. */
export class Reader {
  pos: i32 = 0;
  constructor(public buf: Uint8Array) {}

  @inline need(n: i32): usize {
    if (this.pos + n > this.buf.length) throw new Error("input truncated");
    const p = this.buf.dataStart + <usize>this.pos;
    this.pos += n;
    return p;
  }
  u8(): u8 {
    return load<u8>(this.need(1));
  }
  u16(): u16 {
    return load<u16>(this.need(2));
  }
  u32(): u32 {
    return load<u32>(this.need(4));
  }
  u64(): u64 {
    return load<u64>(this.need(8));
  }
  i64(): i64 {
    return load<i64>(this.need(8));
  }
  f64(): f64 {
    return load<f64>(this.need(8));
  }
  skip(n: i32): void {
    this.need(n);
  }
  remaining(): i32 {
    return this.buf.length - this.pos;
  }
}

/** Little-endian growable writer. */
export class Writer {
  buf: Uint8Array;
  len: i32 = 0;
  constructor(capacity: i32 = 256) {
    this.buf = new Uint8Array(capacity);
  }

  @inline reserve(n: i32): usize {
    if (this.len + n > this.buf.length) {
      let cap = this.buf.length * 2;
      while (cap < this.len + n) cap *= 2;
      const next = new Uint8Array(cap);
      memory.copy(next.dataStart, this.buf.dataStart, <usize>this.len);
      this.buf = next;
    }
    const p = this.buf.dataStart + <usize>this.len;
    this.len += n;
    return p;
  }
  u8(v: u8): void {
    store<u8>(this.reserve(1), v);
  }
  u16(v: u16): void {
    store<u16>(this.reserve(2), v);
  }
  u32(v: u32): void {
    store<u32>(this.reserve(4), v);
  }
  u64(v: u64): void {
    store<u64>(this.reserve(8), v);
  }
  i64(v: i64): void {
    store<i64>(this.reserve(8), v);
  }
  f64(v: f64): void {
    store<f64>(this.reserve(8), v);
  }
  /** Overwrites a u32 written earlier at byte offset `at` (for counts known at the end). */
  patchU32(at: i32, v: u32): void {
    store<u32>(this.buf.dataStart + <usize>at, v);
  }
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

/** floor(a × b ÷ d) with a 128-bit intermediate; throws if the result does not fit in u64. */
export function mulDiv(a: u64, b: u64, d: u64): u64 {
  if (d == 0) throw new Error("mulDiv by zero");
  const M: u64 = 0xffffffff;
  const aLo = a & M;
  const aHi = a >> 32;
  const bLo = b & M;
  const bHi = b >> 32;
  const ll = aLo * bLo;
  const lh = aLo * bHi;
  const hl = aHi * bLo;
  const hh = aHi * bHi;
  const mid = (ll >> 32) + (lh & M) + (hl & M);
  let lo = (ll & M) | (mid << 32);
  let hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
  if (hi == 0) return lo / d;
  if (hi >= d) throw new Error("mulDiv overflow");
  for (let i = 0; i < 64; i++) {
    const carry = hi >> 63;
    hi = (hi << 1) | (lo >> 63);
    lo = lo << 1;
    if (carry != 0 || hi >= d) {
      hi -= d;
      lo |= 1;
    }
  }
  return lo;
}
