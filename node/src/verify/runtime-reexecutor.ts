/**
 * Reexecutor over `@padmesh/runtime`: run the receipt's step again on the given module, input
 * and state, and compare every field the receipt commits to (output hash, state roots, fuel,
 * status). Same engine, same limits as the worker: a mismatch means the receipt is wrong.
 */
import { bytesEqual, type Receipt, sha256 } from "@padmesh/proto";
import type { ReexecuteResult, Reexecutor, StepExecutor } from "../steps/executor.js";

export function createRuntimeReexecutor(components: { executor: StepExecutor }): Reexecutor {
  return {
    async reexecute(receipt: Receipt, moduleBytes, input, stateBefore): Promise<ReexecuteResult> {
      const outcome = await components.executor.execute({
        moduleHash: receipt.moduleHash,
        moduleBytes,
        input,
        stateBefore,
        sequence: receipt.sequence,
        timestampMs: receipt.timestampMs,
        // Exactly the fuel the receipt claims: an honest OK step completes within it, an honest
        // OUT_OF_FUEL step runs out at the same point, an under-reported charge runs out early.
        fuelLimit: receipt.fuelUsed,
      });
      const mismatches: string[] = [];
      if (!bytesEqual(sha256(outcome.output), receipt.outputHash)) mismatches.push("outputHash");
      if (!bytesEqual(outcome.stateRootBefore, receipt.stateRootBefore)) mismatches.push("stateRootBefore");
      if (!bytesEqual(outcome.stateRootAfter, receipt.stateRootAfter)) mismatches.push("stateRootAfter");
      if (outcome.fuelUsed !== receipt.fuelUsed) mismatches.push("fuelUsed");
      if (outcome.status !== receipt.status) mismatches.push("status");
      return { match: mismatches.length === 0, mismatches, outcome };
    },
  };
}
