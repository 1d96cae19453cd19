import { readFile } from "node:fs/promises";
import { executeStep, loadModule, SessionState, type StepOutcome } from "@padmesh/runtime";
import { DryRunError } from "../errors.js";

export interface DryRunParameters {
  /** wasm bytes or a path to a .wasm file. */
  module: Uint8Array | string;
  input: Uint8Array;
  /** State before the step (a SessionState or an encoded snapshot); empty when omitted. */
  state?: SessionState | Uint8Array;
  sequence?: bigint;
  timestampMs?: bigint;
  fuelLimit?: bigint;
}
export type DryRunReturnType = StepOutcome;
export type DryRunErrorType = DryRunError;

/**
 * Run one step locally with the same runtime the mesh uses: same output, state root and fuel.
 * @example
 * const out = await dryRun({ module: "runtime/agents/build/risk.wasm", input });
 * console.log(out.fuelUsed, out.stateRootAfter);
 */
export async function dryRun(params: DryRunParameters): Promise<DryRunReturnType> {
  let bytes: Uint8Array;
  try {
    bytes = typeof params.module === "string" ? new Uint8Array(await readFile(params.module)) : params.module;
  } catch (cause) {
    throw new DryRunError(`cannot read module ${String(params.module)}`, { cause });
  }
  const module = await loadModule(bytes);
  const state =
    params.state instanceof Uint8Array
      ? SessionState.fromSnapshot(params.state)
      : (params.state ?? new SessionState());
  return executeStep(
    module,
    params.input,
    state,
    { sequence: params.sequence ?? 0n, timestampMs: params.timestampMs ?? 0n },
    params.fuelLimit === undefined ? undefined : { fuel: params.fuelLimit },
  );
}
