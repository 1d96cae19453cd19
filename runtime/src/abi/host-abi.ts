/**
 * The host ABI: every import an agent module may declare, with its exact signature. Anything else
 * is rejected when the module is loaded (UnknownImportError). Documented in docs/runtime.md.
 */

/** Wasm value type codes used in the ABI. */
export const I32 = 0x7f;
export const I64 = 0x7e;

export interface AbiFunction {
  params: readonly number[];
  results: readonly number[];
}

/** Import module name of the PadMesh host functions. */
export const ABI_MODULE = "padmesh";

export const ABI_FUNCTIONS: Readonly<Record<string, Readonly<Record<string, AbiFunction>>>> = {
  padmesh: {
    input_size: { params: [], results: [I32] },
    input_read: { params: [I32, I32, I32], results: [I32] },
    output_write: { params: [I32, I32], results: [] },
    state_get: { params: [I32, I32, I32, I32], results: [I32] },
    state_set: { params: [I32, I32, I32, I32], results: [] },
    state_delete: { params: [I32, I32], results: [I32] },
    log: { params: [I32, I32], results: [] },
    ctx_sequence: { params: [], results: [I64] },
    ctx_timestamp_ms: { params: [], results: [I64] },
  },
  // AssemblyScript's abort(message, fileName, line, column): ends the step with AGENT_ERROR.
  env: {
    abort: { params: [I32, I32, I32, I32], results: [] },
  },
};

/** The one memory an agent may import (AssemblyScript's `--importMemory`). */
export const ABI_MEMORY = { module: "env", name: "memory" } as const;

/** The export the runtime calls for each step: `step(): i32`, 0 = success. */
export const STEP_EXPORT = "step";

/** Names the instrumentation adds; a module may not export names with this prefix. */
export const RESERVED_PREFIX = "__pm_";

/** Fuel charged per byte moved across the ABI (input, output, state, logs), per 8 bytes. */
export const HOST_BYTE_FUEL_SHIFT = 3n;
/** Base fuel of each host call. */
export const HOST_CALL_FUEL = 20n;
/** Base fuel of a state write, on top of its bytes (writes cost the node a journal entry). */
export const STATE_WRITE_FUEL = 200n;
