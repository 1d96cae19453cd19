// Coordination module: runs on a session's coordinator lease, once per step, over the coordination
// record (what the coordinator saw of the step's legs; layout in proto/src/coordination.ts). It checks
// that the legs form one chain from the step's input to its output and keeps the session's ledger in
// its state. Output and state formats: docs/runtime.md ("Sample agents"); TypeScript decoder in
// runtime/src/agents/coordinator-codec.ts.
import { readInput, sequence, Writer, writeOutput } from "../kit";

// The ledger goes through the host ABI directly, with its keys as static bytes: the kit's string
// keys cost a UTF-8 encoding per access, most of this module's fuel (15,000 → 3,100 for a 2-leg step).
@external("padmesh", "state_get")
declare function host_state_get(kp: usize, kl: u32, dst: usize, cap: u32): i32;
@external("padmesh", "state_set")
declare function host_state_set(kp: usize, kl: u32, vp: usize, vl: u32): void;

// State keys (ASCII): "seq", "steps", "failed", "fuel", "tip".
const KEY_SEQ = memory.data<u8>([0x73, 0x65, 0x71]);
const KEY_STEPS = memory.data<u8>([0x73, 0x74, 0x65, 0x70, 0x73]);
const KEY_FAILED = memory.data<u8>([0x66, 0x61, 0x69, 0x6c, 0x65, 0x64]);
const KEY_FUEL = memory.data<u8>([0x66, 0x75, 0x65, 0x6c]);
const KEY_TIP = memory.data<u8>([0x74, 0x69, 0x70]);
/** Where a u64 state value is read into and written from. */
const SCRATCH = memory.data(8, 8);

const RECORD_VERSION: u8 = 1;
const OUTPUT_VERSION: u8 = 1;
/** Legs one coordinated step may have (MAX_COORDINATION_HOPS in proto). */
const MAX_LEGS: i32 = 8;
/** StepStatus.STEP_STATUS_OK. */
const STATUS_OK: u8 = 0;
const HASH: usize = 32;
/** Record header: u8 version, 32 step input hash, u8 leg count. */
const HEADER: usize = 1 + 32 + 1;
/** Per leg: u8 role, u8 status, u64 fuel, 32 receipt hash, 32 input hash, 32 output hash. */
const LEG: usize = 1 + 1 + 8 + 32 * 3;
const LEG_STATUS: usize = 1;
const LEG_FUEL: usize = 2;
const LEG_RECEIPT: usize = 10;
const LEG_INPUT: usize = 42;
const LEG_OUTPUT: usize = 74;

/**
 * Throws `prefix a middle b suffix` (b left out when `middle` is empty). Kept out of line — it has
 * several callers, so -O3 does not inline it — because fuel charges an `if` by its larger arm: number
 * formatting inlined into the checks would be paid on every successful step.
 */
function fail(prefix: string, a: u64, middle: string = "", b: u64 = 0, suffix: string = ""): void {
  throw new Error(prefix + a.toString() + (middle.length > 0 ? middle + b.toString() : "") + suffix);
}

@inline function sameHash(a: usize, b: usize): bool {
  return (
    load<u64>(a) == load<u64>(b) &&
    load<u64>(a, 8) == load<u64>(b, 8) &&
    load<u64>(a, 16) == load<u64>(b, 16) &&
    load<u64>(a, 24) == load<u64>(b, 24)
  );
}

@inline function isZeroHash(p: usize): bool {
  return (load<u64>(p) | load<u64>(p, 8) | load<u64>(p, 16) | load<u64>(p, 24)) == 0;
}

/** Whether the state has `key`; its value, when 8 bytes, is left in SCRATCH. */
function stateHas(key: usize, keyLen: u32): bool {
  return host_state_get(key, keyLen, SCRATCH, 8) >= 0;
}

/** The u64 state value under `key`, 0 when absent; throws when present but not 8 bytes. */
function stateU64(key: usize, keyLen: u32): u64 {
  const n = host_state_get(key, keyLen, SCRATCH, 8);
  if (n < 0) return 0;
  if (n != 8) throw new Error("corrupt coordinator state: a counter is not a u64");
  return load<u64>(SCRATCH);
}

function setU64(key: usize, keyLen: u32, value: u64): void {
  store<u64>(SCRATCH, value);
  host_state_set(key, keyLen, SCRATCH, 8);
}

@inline function saturatingAdd(a: u64, b: u64): u64 {
  const s = a + b;
  return s < a ? u64.MAX_VALUE : s;
}

export function step(): i32 {
  // Parse: the whole record is bounds-checked here; after this, every read is within it.
  const input = readInput();
  const size = <usize>input.length;
  if (size < HEADER + HASH) throw new Error("coordination record truncated");
  const base = input.dataStart;
  if (load<u8>(base) != RECORD_VERSION) throw new Error("unknown coordination record version");
  const stepInputHash = base + 1;
  const n = <i32>load<u8>(base, 33);
  if (n == 0 || n > MAX_LEGS) fail("coordination record has ", <u64>n, "", 0, " legs, expected 1..8");
  const expected = HEADER + <usize>n * LEG + HASH;
  if (size < expected) throw new Error("coordination record truncated");
  if (size > expected) throw new Error("trailing bytes after the coordination record");
  const legs = base + HEADER;
  const outputHash = legs + <usize>n * LEG;

  // Steps only move forward: the ledger refuses a replay or a step from the past. A gap is
  // allowed: a step this ledger refused left its sequence unrecorded, and the node's lease
  // already keeps sequences consecutive. A fresh lease has no "seq" yet (a resumed one starts
  // from a checkpoint that has it).
  const seq = sequence();
  if (stateHas(KEY_SEQ, 3)) {
    const last = stateU64(KEY_SEQ, 3);
    if (last == u64.MAX_VALUE) throw new Error("sequence exhausted");
    if (seq <= last) fail("sequence not after the last: last ", last, " got ", seq);
  }

  // The legs form one chain: step input → leg 0 → ... → last leg → step output.
  if (!sameHash(legs + LEG_INPUT, stepInputHash)) throw new Error("leg 0 input hash is not the step input hash");
  let fuel: u64 = load<u64>(legs + LEG_FUEL);
  for (let i = 1; i < n; i++) {
    const prev = legs + <usize>(i - 1) * LEG;
    const leg = prev + LEG;
    if (load<u8>(prev + LEG_STATUS) != STATUS_OK) fail("leg ", <u64>i, " follows failed leg ", <u64>(i - 1));
    if (!sameHash(leg + LEG_INPUT, prev + LEG_OUTPUT)) {
      fail("leg ", <u64>i, " input hash is not leg ", <u64>(i - 1), " output hash");
    }
    fuel = saturatingAdd(fuel, load<u64>(leg + LEG_FUEL));
  }
  const last = legs + <usize>(n - 1) * LEG;
  const ok = load<u8>(last + LEG_STATUS) == STATUS_OK;
  if (ok) {
    if (!sameHash(outputHash, last + LEG_OUTPUT)) throw new Error("step output hash is not the last leg's output hash");
  } else if (!isZeroHash(outputHash)) {
    throw new Error("step output hash must be zero when a leg failed");
  }

  // The ledger.
  const steps = saturatingAdd(stateU64(KEY_STEPS, 5), 1);
  setU64(KEY_SEQ, 3, seq);
  setU64(KEY_STEPS, 5, steps);
  setU64(KEY_FAILED, 6, saturatingAdd(stateU64(KEY_FAILED, 6), ok ? 0 : 1));
  setU64(KEY_FUEL, 4, saturatingAdd(stateU64(KEY_FUEL, 4), fuel));
  host_state_set(KEY_TIP, 3, last + LEG_RECEIPT, <u32>HASH);

  const out = new Writer(1 + 8 + 1 + 8 + 8 + 1 + n * <i32>HASH);
  out.u8(OUTPUT_VERSION);
  out.u64(seq);
  out.u8(ok ? 1 : 0);
  out.u64(fuel);
  out.u64(steps);
  out.u8(<u8>n);
  for (let i = 0; i < n; i++) {
    memory.copy(out.reserve(<i32>HASH), legs + <usize>i * LEG + LEG_RECEIPT, HASH);
  }
  writeOutput(out.bytes());
  return 0;
}
