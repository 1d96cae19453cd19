/**
 * Decoding one instruction: which opcode it is and where its immediates end. Only the features the
 * runtime accepts are decoded (MVP, sign extension, saturating float-to-int, bulk memory, reference
 * types, multi-value block types); every other opcode — SIMD, threads/atomics, GC, exceptions, tail
 * calls, typed function references, memory64/multi-memory — is rejected with InvalidModuleError.
 */
import { InvalidModuleError } from "../errors.js";
import type { ByteReader } from "./bytes.js";

/** A decoded instruction: `op` is the first byte, `sub` the 0xFC sub-opcode (or -1). */
export interface Instr {
  op: number;
  sub: number;
  /** Index immediate for call (function), local/global ops; -1 otherwise. */
  index: number;
}

const REJECTED_PREFIX: Record<number, string> = {
  253: "SIMD (v128) instructions",
  254: "threads/atomics instructions",
  251: "GC instructions",
};

const REJECTED_OP: Record<number, string> = {
  6: "exception handling (try)",
  7: "exception handling (catch)",
  8: "exception handling (throw)",
  9: "exception handling (rethrow)",
  10: "exception handling (throw_ref)",
  24: "exception handling (delegate)",
  25: "exception handling (catch_all)",
  31: "exception handling (try_table)",
  18: "tail calls (return_call)",
  19: "tail calls (return_call_indirect)",
  20: "typed function references (call_ref)",
  21: "tail calls (return_call_ref)",
  211: "typed function references (ref.eq)",
  212: "typed function references (ref.as_non_null)",
  213: "typed function references (br_on_null)",
  214: "typed function references (br_on_non_null)",
};

function memarg(r: ByteReader): void {
  const align = r.u32();
  if (align >= 64) throw new InvalidModuleError("multi-memory is not supported");
  r.u32();
}

function zeroByte(r: ByteReader, what: string): void {
  if (r.u8() !== 0) throw new InvalidModuleError(`${what}: only memory 0 is supported (no multi-memory)`);
}

/** Reads one instruction at `r.pos`, leaving `r.pos` after its immediates. */
export function readInstr(r: ByteReader): Instr {
  const op = r.u8();
  let sub = -1;
  let index = -1;
  if (op in REJECTED_PREFIX) throw new InvalidModuleError(`${REJECTED_PREFIX[op]} are not allowed`);
  if (op in REJECTED_OP) throw new InvalidModuleError(`${REJECTED_OP[op]} is not allowed`);
  switch (op) {
    case 0x02:
    case 0x03:
    case 0x04: {
      const bt = r.s33();
      if (bt < 0 && bt !== -64 && ![-1, -2, -3, -4, -16, -17].includes(bt)) {
        throw new InvalidModuleError(`block type ${bt} is not allowed`);
      }
      break;
    }
    case 0x0c:
    case 0x0d:
      r.u32();
      break;
    case 0x0e: {
      const n = r.u32();
      for (let i = 0; i <= n; i++) r.u32();
      break;
    }
    case 0x10:
      index = r.u32();
      break;
    case 0x11:
      r.u32();
      r.u32();
      break;
    case 0x1c: {
      const n = r.u32();
      for (let i = 0; i < n; i++) checkValType(r.u8());
      break;
    }
    case 0x20:
    case 0x21:
    case 0x22:
    case 0x23:
    case 0x24:
      index = r.u32();
      break;
    case 0x25:
    case 0x26:
      r.u32();
      break;
    case 0x3f:
    case 0x40:
      zeroByte(r, op === 0x3f ? "memory.size" : "memory.grow");
      break;
    case 0x41:
      r.skipSigned(5);
      break;
    case 0x42:
      r.skipSigned(10);
      break;
    case 0x43:
      r.skip(4);
      break;
    case 0x44:
      r.skip(8);
      break;
    case 0xd0: {
      const ht = r.u8();
      if (ht !== 0x70 && ht !== 0x6f)
        throw new InvalidModuleError(`heap type 0x${ht.toString(16)} is not allowed`);
      break;
    }
    case 0xd1:
      break;
    case 0xd2:
      r.u32();
      break;
    case 0xfc:
      sub = r.u32();
      switch (sub) {
        case 0:
        case 1:
        case 2:
        case 3:
        case 4:
        case 5:
        case 6:
        case 7:
          break;
        case 8:
          r.u32();
          zeroByte(r, "memory.init");
          break;
        case 9:
          r.u32();
          break;
        case 10:
          zeroByte(r, "memory.copy");
          zeroByte(r, "memory.copy");
          break;
        case 11:
          zeroByte(r, "memory.fill");
          break;
        case 12:
        case 14:
          r.u32();
          r.u32();
          break;
        case 13:
        case 15:
        case 16:
        case 17:
          r.u32();
          break;
        default:
          throw new InvalidModuleError(`instruction 0xfc ${sub} is not allowed`);
      }
      break;
    default:
      if (op >= 0x28 && op <= 0x3e) {
        memarg(r);
      } else if (
        !(
          op === 0x00 ||
          op === 0x01 ||
          op === 0x05 ||
          op === 0x0b ||
          op === 0x0f ||
          op === 0x1a ||
          op === 0x1b ||
          (op >= 0x45 && op <= 0xc4)
        )
      ) {
        throw new InvalidModuleError(`opcode 0x${op.toString(16)} is not allowed`);
      }
  }
  return { op, sub, index };
}

/** Accepts the value types of the accepted features (no v128, no GC references). */
export function checkValType(t: number): number {
  switch (t) {
    case 0x7f:
    case 0x7e:
    case 0x7d:
    case 0x7c:
    case 0x70:
    case 0x6f:
      return t;
    case 0x7b:
      throw new InvalidModuleError("SIMD (v128) values are not allowed");
    default:
      throw new InvalidModuleError(`value type 0x${t.toString(16)} is not allowed`);
  }
}

/** f32 operations whose NaN results have a non-deterministic bit pattern. */
export function producesF32Nan(op: number): boolean {
  return (op >= 0x8d && op <= 0x97) || op === 0xb6;
}

/** f64 operations whose NaN results have a non-deterministic bit pattern. */
export function producesF64Nan(op: number): boolean {
  return (op >= 0x9b && op <= 0xa5) || op === 0xbb;
}

/** Static fuel cost of an instruction (docs/runtime.md, "Fuel"). */
export function staticCost(op: number): number {
  switch (op) {
    case 0x01: // nop
    case 0x02: // block
    case 0x03: // loop
    case 0x05: // else
    case 0x0b: // end
      return 0;
    case 0x10: // call
      return 2;
    case 0x11: // call_indirect
      return 3;
    default:
      return 1;
  }
}
