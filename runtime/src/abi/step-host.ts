/**
 * The host side of the ABI for one step: input, output, state overlay, logs and context, bound to
 * one instance's memory. Every function charges fuel for the bytes it moves, so the host's work is
 * paid for and deterministic like the module's own.
 */
import { StepStatus } from "@padmesh/proto/core";
import { STEP_ERROR_CODE } from "../errors.js";
import type { StepLimits } from "../limits.js";
import type { SessionState } from "../state/session-state.js";
import { MAX_STATE_KEY_BYTES, MAX_STATE_VALUE_BYTES } from "../state/session-state.js";
import { HOST_BYTE_FUEL_SHIFT, HOST_CALL_FUEL, STATE_WRITE_FUEL } from "./host-abi.js";
import { HostTrap } from "./host-trap.js";

/** Fuel counter the host charges: the instrumented module's global, or a plain counter when unmetered. */
export interface FuelCounter {
  value: bigint;
}

export interface StepContext {
  /** The step's sequence number in its session. */
  sequence: bigint;
  /** The step's timestamp, given by the coordinator (never read from a clock). */
  timestampMs: bigint;
}

const decoder = new TextDecoder("utf-8");
const utf16 = new TextDecoder("utf-16le");
/** Longest abort message / file name read from the agent. */
const MAX_ABORT_CHARS = 512;
const LOG_TRUNCATED = "[padmesh: later log lines dropped, log limit reached]";

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

export class StepHost {
  readonly input: Uint8Array;
  readonly base: SessionState;
  readonly ctx: StepContext;
  readonly limits: StepLimits;
  /** Writes of this step: value, or null for a delete. Applied to a copy of `base` only on success. */
  readonly overlay = new Map<string, { key: Uint8Array; value: Uint8Array | null }>();
  readonly logs: string[] = [];
  #outputChunks: Uint8Array[] = [];
  #outputSize = 0;
  #logSize = 0;
  #logsDropped = false;
  memory: WebAssembly.Memory | undefined;
  fuel: FuelCounter = { value: 0n };

  constructor(input: Uint8Array, base: SessionState, ctx: StepContext, limits: StepLimits) {
    this.input = input;
    this.base = base;
    this.ctx = ctx;
    this.limits = limits;
  }

  output(): Uint8Array {
    if (this.#outputChunks.length === 1) return this.#outputChunks[0] as Uint8Array;
    return new Uint8Array(Buffer.concat(this.#outputChunks));
  }

  /** The import object for WebAssembly.Instance. */
  imports(memory: WebAssembly.Memory | undefined): WebAssembly.Imports {
    const env: Record<string, WebAssembly.ImportValue> = {
      abort: (msg: number, file: number, line: number, column: number) => this.abort(msg, file, line, column),
    };
    if (memory) env.memory = memory;
    return {
      env,
      padmesh: {
        input_size: () => this.input.length,
        input_read: (dst: number, offset: number, len: number) => this.inputRead(dst, offset, len),
        output_write: (src: number, len: number) => this.outputWrite(src, len),
        state_get: (kp: number, kl: number, dst: number, cap: number) => this.stateGet(kp, kl, dst, cap),
        state_set: (kp: number, kl: number, vp: number, vl: number) => this.stateSet(kp, kl, vp, vl),
        state_delete: (kp: number, kl: number) => this.stateDelete(kp, kl),
        log: (p: number, len: number) => this.log(p, len),
        ctx_sequence: () => {
          this.charge(0);
          return this.ctx.sequence;
        },
        ctx_timestamp_ms: () => {
          this.charge(0);
          return this.ctx.timestampMs;
        },
      },
    };
  }

  charge(bytes: number, extra = 0n): void {
    const cost = HOST_CALL_FUEL + extra + (BigInt(bytes) >> HOST_BYTE_FUEL_SHIFT);
    const left = this.fuel.value - cost;
    this.fuel.value = left < 0n ? -1n : left;
    if (left < 0n) {
      throw new HostTrap(
        StepStatus.STEP_STATUS_OUT_OF_FUEL,
        STEP_ERROR_CODE.outOfFuel,
        "out of fuel in a host call",
      );
    }
  }

  #mem(): Uint8Array {
    return new Uint8Array((this.memory as WebAssembly.Memory).buffer);
  }

  #view(ptr: number, len: number): Uint8Array {
    const mem = this.#mem();
    const p = ptr >>> 0;
    const l = len >>> 0;
    if (p + l > mem.length) {
      throw new HostTrap(
        StepStatus.STEP_STATUS_TRAP,
        STEP_ERROR_CODE.hostAbi,
        `host call with out-of-bounds memory [${p}, ${p + l})`,
      );
    }
    return mem.subarray(p, p + l);
  }

  inputRead(dst: number, offset: number, len: number): number {
    const off = Math.min(offset >>> 0, this.input.length);
    const n = Math.min(len >>> 0, this.input.length - off);
    this.charge(n);
    this.#view(dst, n).set(this.input.subarray(off, off + n));
    return n;
  }

  outputWrite(src: number, len: number): void {
    const n = len >>> 0;
    this.charge(n);
    if (this.#outputSize + n > this.limits.outputBytes) {
      throw new HostTrap(
        StepStatus.STEP_STATUS_OUTPUT_LIMIT,
        STEP_ERROR_CODE.outputLimit,
        `output over the ${this.limits.outputBytes}-byte limit`,
      );
    }
    this.#outputChunks.push(this.#view(src, n).slice());
    this.#outputSize += n;
  }

  #key(kp: number, kl: number): Uint8Array {
    if (kl >>> 0 > MAX_STATE_KEY_BYTES) {
      throw new HostTrap(
        StepStatus.STEP_STATUS_AGENT_ERROR,
        STEP_ERROR_CODE.hostAbi,
        `state key longer than ${MAX_STATE_KEY_BYTES} bytes`,
      );
    }
    return this.#view(kp, kl);
  }

  #lookup(key: Uint8Array): Uint8Array | undefined {
    const written = this.overlay.get(latin1(key));
    if (written) return written.value ?? undefined;
    return this.base.get(key);
  }

  stateGet(kp: number, kl: number, dst: number, cap: number): number {
    const key = this.#key(kp, kl);
    const value = this.#lookup(key);
    if (!value) {
      this.charge(key.length);
      return -1;
    }
    const n = Math.min(value.length, cap >>> 0);
    this.charge(key.length + n);
    this.#view(dst, n).set(value.subarray(0, n));
    return value.length;
  }

  stateSet(kp: number, kl: number, vp: number, vl: number): void {
    const key = this.#key(kp, kl).slice();
    if (vl >>> 0 > MAX_STATE_VALUE_BYTES) {
      throw new HostTrap(
        StepStatus.STEP_STATUS_AGENT_ERROR,
        STEP_ERROR_CODE.hostAbi,
        `state value longer than ${MAX_STATE_VALUE_BYTES} bytes`,
      );
    }
    this.charge(key.length + (vl >>> 0), STATE_WRITE_FUEL);
    const value = this.#view(vp, vl).slice();
    this.overlay.set(latin1(key), { key, value });
  }

  stateDelete(kp: number, kl: number): number {
    const key = this.#key(kp, kl).slice();
    this.charge(key.length, STATE_WRITE_FUEL);
    const existed = this.#lookup(key) !== undefined;
    this.overlay.set(latin1(key), { key, value: null });
    return existed ? 1 : 0;
  }

  log(p: number, len: number): void {
    const n = len >>> 0;
    this.charge(n);
    const bytes = this.#view(p, n);
    if (this.#logSize + n > this.limits.logBytes) {
      if (!this.#logsDropped) this.logs.push(LOG_TRUNCATED);
      this.#logsDropped = true;
      return;
    }
    this.#logSize += n;
    this.logs.push(decoder.decode(bytes));
  }

  /** AssemblyScript strings: UTF-16LE, byte length stored 4 bytes before the pointer. */
  #asString(ptr: number): string {
    const p = ptr >>> 0;
    if (p < 4) return "";
    const mem = this.#mem();
    if (p > mem.length) return "";
    const len = new DataView(mem.buffer).getUint32(p - 4, true);
    const bytes = Math.min(len, MAX_ABORT_CHARS * 2, mem.length - p) & ~1;
    return utf16.decode(mem.subarray(p, p + bytes));
  }

  abort(msg: number, file: number, line: number, column: number): never {
    const text = `${this.#asString(msg)} (${this.#asString(file)}:${line >>> 0}:${column >>> 0})`;
    throw new HostTrap(
      StepStatus.STEP_STATUS_AGENT_ERROR,
      STEP_ERROR_CODE.agentError,
      `agent aborted: ${text}`,
    );
  }
}
