/**
 * Re-executing a receipt: run the step again from what it claims (module, input, state before,
 * sequence, timestamp) and compare every field the receipt commits to. Pure apart from compiling
 * the module: the verifier role and the SDK's local check both use it.
 */
import { type Receipt, StepStatus, toHex } from "@padmesh/proto/core";
import { InvalidModuleError, STEP_ERROR_CODE } from "../errors.js";
import { inputHash, moduleHash, outputHash } from "../hashes.js";
import { resolveLimits, type StepLimits } from "../limits.js";
import { loadModuleSync } from "../module/agent-module.js";
import { SessionState } from "../state/session-state.js";
import { runStep } from "./execute-step.js";
import type { StepOutcome } from "./step-outcome.js";

export interface ReexecuteMismatch {
  /** Receipt field name: moduleHash, inputHash, stateRootBefore, outputHash, stateRootAfter, fuelUsed, status. */
  field: string;
  /** What the receipt says (hex for bytes, decimal for numbers). */
  expected: string;
  /** What re-execution produced. */
  actual: string;
}

export interface ReexecuteResult {
  match: boolean;
  mismatches: ReexecuteMismatch[];
  outcome: StepOutcome;
}

/**
 * Re-runs the step a receipt describes and lists every field that differs.
 *
 * The fuel limit defaults to `receipt.fuelUsed`: a step that succeeded with U fuel succeeds again
 * with exactly U, and one that ran out at its limit L (fuelUsed = L) runs out again at L, so the
 * verifier does not need the lease's limit (but should refuse a receipt claiming more fuel than
 * its lease allowed before re-executing it: this runs in-process, bounded only by fuel; use the
 * worker executor and `compareWithReceipt` for a wall-time backstop). The context is the receipt's `sequence` and
 * `timestampMs` (the step timestamp the agent was given). Other limits are the protocol defaults
 * unless given.
 * @example
 * const { match, mismatches } = await reexecute(receipt, moduleBytes, input, stateBeforeSnapshot);
 */
export async function reexecute(
  receipt: Receipt,
  module: Uint8Array,
  input: Uint8Array,
  stateBefore: SessionState | Uint8Array,
  limits?: Partial<StepLimits>,
): Promise<ReexecuteResult> {
  const resolved = resolveLimits({ fuel: receipt.fuelUsed, ...limits });
  const state = stateBefore instanceof SessionState ? stateBefore : SessionState.fromSnapshot(stateBefore);
  const ctx = { sequence: receipt.sequence, timestampMs: receipt.timestampMs };
  let outcome: StepOutcome;
  let hash: Uint8Array | undefined;
  try {
    const agent = loadModuleSync(module);
    hash = agent.hash;
    outcome = runStep(agent, input, state, ctx, resolved);
  } catch (err) {
    if (!(err instanceof InvalidModuleError)) throw err;
    const root = state.root();
    outcome = {
      status: StepStatus.STEP_STATUS_INVALID_MODULE,
      output: new Uint8Array(0),
      state,
      stateRootBefore: root,
      stateRootAfter: root,
      fuelUsed: 0n,
      logs: [],
      error: { code: STEP_ERROR_CODE.invalidModule, message: err.message },
    };
  }
  const mismatches = compareWithReceipt(receipt, module, input, outcome, hash);
  return { match: mismatches.length === 0, mismatches, outcome };
}

/**
 * The fields where `outcome` (a re-execution of the receipt's step, e.g. from the worker executor
 * with `fuel: receipt.fuelUsed` and the receipt's sequence and timestamp) differs from `receipt`.
 * @example
 * const out = await executor.execute(module, input, before, { sequence: r.sequence, timestampMs: r.timestampMs }, { fuel: r.fuelUsed });
 * const mismatches = compareWithReceipt(r, module, input, out);
 */
export function compareWithReceipt(
  receipt: Receipt,
  module: Uint8Array,
  input: Uint8Array,
  outcome: StepOutcome,
  knownModuleHash?: Uint8Array,
): ReexecuteMismatch[] {
  const mismatches: ReexecuteMismatch[] = [];
  const bytes = (field: string, expected: Uint8Array, actual: Uint8Array) => {
    const e = toHex(expected);
    const a = toHex(actual);
    if (e !== a) mismatches.push({ field, expected: e, actual: a });
  };
  bytes("moduleHash", receipt.moduleHash, knownModuleHash ?? moduleHash(module));
  bytes("inputHash", receipt.inputHash, inputHash(input));
  bytes("stateRootBefore", receipt.stateRootBefore, outcome.stateRootBefore);
  bytes("outputHash", receipt.outputHash, outputHash(outcome.output));
  bytes("stateRootAfter", receipt.stateRootAfter, outcome.stateRootAfter);
  if (receipt.fuelUsed !== outcome.fuelUsed) {
    mismatches.push({
      field: "fuelUsed",
      expected: String(receipt.fuelUsed),
      actual: String(outcome.fuelUsed),
    });
  }
  if (receipt.status !== outcome.status) {
    mismatches.push({ field: "status", expected: String(receipt.status), actual: String(outcome.status) });
  }
  return mismatches;
}
