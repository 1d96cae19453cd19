/**
 * Reexecutor over `@padmesh/runtime`: run the receipt's step again through the node's executor
 * (the worker pool, so a hostile module hits the wall-time backstop) with exactly the fuel the
 * receipt claims, the receipt's sequence and timestamp, and compare every field the receipt
 * commits to with the runtime's `compareWithReceipt`.
 */
import type { Receipt } from "@padmesh/proto";
import { compareWithReceipt, SessionState } from "@padmesh/runtime";
import type { ReexecuteResult, Reexecutor, StepExecutor } from "../steps/executor.js";

export function createRuntimeReexecutor(components: { executor: StepExecutor }): Reexecutor {
  return {
    async reexecute(receipt: Receipt, moduleBytes, input, stateBefore): Promise<ReexecuteResult> {
      // Exactly the fuel the receipt claims: an honest OK step completes within it, an honest
      // OUT_OF_FUEL step runs out at the same point, an under-reported charge runs out early.
      const outcome = await components.executor.execute({
        moduleHash: receipt.moduleHash,
        moduleBytes,
        input,
        stateBefore,
        sequence: receipt.sequence,
        timestampMs: receipt.timestampMs,
        fuelLimit: receipt.fuelUsed,
      });
      const mismatches = compareWithReceipt(receipt, moduleBytes, input, {
        status: outcome.status,
        output: outcome.output,
        state: SessionState.fromSnapshot(outcome.stateAfter),
        stateRootBefore: outcome.stateRootBefore,
        stateRootAfter: outcome.stateRootAfter,
        fuelUsed: outcome.fuelUsed,
        logs: outcome.logs,
      });
      return { match: mismatches.length === 0, mismatches: mismatches.map((m) => m.field), outcome };
    },
  };
}
