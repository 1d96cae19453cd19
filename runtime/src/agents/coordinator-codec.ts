/**
 * Coordinator (coordination module) formats, the agent's side only: its input is the coordination
 * record, whose codec is proto's (`encodeCoordinationRecord` / `decodeCoordinationRecord`).
 * Output, version 1:
 *   u8 version = 1, u64 sequence, u8 ok (1 when the last leg's status is OK),
 *   u64 fuel used by the step's legs (saturating), u64 steps so far (this one included),
 *   u8 n, n × 32-byte leg receipt hashes (EIP-712), in leg order
 * State (the session's ledger), u64 little-endian unless noted:
 *   "seq" last sequence, "steps" steps recorded, "failed" steps whose last leg failed,
 *   "fuel" legs' fuel so far (saturating), "tip" 32 bytes: the last leg's receipt hash of the last step
 */
import { AgentCodecError } from "../errors.js";
import { LeReader } from "./le-bytes.js";

export interface CoordinatorOutput {
  sequence: bigint;
  /** The last leg's status was OK (the step produced an output). */
  ok: boolean;
  /** Fuel the step's legs used, summed (saturating at 2^64 - 1). */
  legsFuelUsed: bigint;
  /** Steps the ledger has recorded, this one included. */
  steps: bigint;
  /** The legs' receipt hashes, in leg order. */
  receiptHashes: Uint8Array[];
}

/** The coordination module's session state: the session's authoritative ledger. */
export interface CoordinatorLedger {
  /** Sequence of the last step recorded. */
  sequence: bigint;
  steps: bigint;
  /** Steps whose last leg did not succeed. */
  failed: bigint;
  /** Fuel used by every leg of every step (saturating at 2^64 - 1). */
  legsFuelUsed: bigint;
  /** Receipt hash of the last leg of the last step. */
  tip: Uint8Array;
}

/** State keys of the coordination module. */
export const COORDINATOR_STATE_KEYS = {
  sequence: "seq",
  steps: "steps",
  failed: "failed",
  legsFuelUsed: "fuel",
  tip: "tip",
} as const;

/**
 * @example
 * const { sequence, ok, receiptHashes } = decodeCoordinatorOutput(outcome.output);
 */
export function decodeCoordinatorOutput(bytes: Uint8Array): CoordinatorOutput {
  const r = new LeReader("coordinator output", bytes);
  r.version(1);
  const sequence = r.u64();
  const ok = r.u8();
  if (ok > 1) throw new AgentCodecError("coordinator output", `ok flag ${ok}`);
  const legsFuelUsed = r.u64();
  const steps = r.u64();
  const n = r.u8();
  if (n * 32 > r.remaining) throw new AgentCodecError("coordinator output", `count ${n} exceeds the data`);
  const receiptHashes: Uint8Array[] = [];
  for (let i = 0; i < n; i++) receiptHashes.push(r.bytes(32));
  r.end();
  return { sequence, ok: ok === 1, legsFuelUsed, steps, receiptHashes };
}

/**
 * The ledger in a coordination module's state (a `SessionState`, or one rebuilt from a checkpoint
 * with `SessionState.fromSnapshot`); undefined before its first step. Throws AgentCodecError when
 * the state holds a partial or malformed ledger.
 * @example
 * const ledger = decodeCoordinatorLedger(outcome.state);
 */
export function decodeCoordinatorLedger(state: {
  get(key: Uint8Array): Uint8Array | undefined;
}): CoordinatorLedger | undefined {
  const read = (key: string) => state.get(new TextEncoder().encode(key));
  const values = Object.fromEntries(
    Object.entries(COORDINATOR_STATE_KEYS).map(([field, key]) => [field, read(key)]),
  ) as Record<keyof typeof COORDINATOR_STATE_KEYS, Uint8Array | undefined>;
  const present = Object.values(values).filter((v) => v !== undefined).length;
  if (present === 0) return undefined;
  const u64 = (field: Exclude<keyof typeof COORDINATOR_STATE_KEYS, "tip">): bigint => {
    const v = values[field];
    if (v === undefined || v.length !== 8) {
      throw new AgentCodecError("coordinator state", `${COORDINATOR_STATE_KEYS[field]} is not a u64`);
    }
    return new LeReader("coordinator state", v).u64();
  };
  const tip = values.tip;
  if (tip === undefined || tip.length !== 32) {
    throw new AgentCodecError("coordinator state", "tip is not 32 bytes");
  }
  return {
    sequence: u64("sequence"),
    steps: u64("steps"),
    failed: u64("failed"),
    legsFuelUsed: u64("legsFuelUsed"),
    tip: new Uint8Array(tip),
  };
}
