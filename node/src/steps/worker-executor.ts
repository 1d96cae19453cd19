/**
 * StepExecutor over the runtime's worker-thread pool (`createWorkerExecutor`): steps run off the
 * node's main thread (which keeps journalling and signing), and a step still running after
 * `wallTimeMs` has its worker terminated and ends with STEP_STATUS_TIMEOUT: nothing an agent does
 * can stall the node. This is the node's default executor.
 */
import { StepStatus } from "@padmesh/proto";
import { createWorkerExecutor } from "@padmesh/runtime";
import type { ExecutionOutcome, StepExecution, StepExecutor } from "./executor.js";

export interface WorkerPoolExecutorInit {
  /** Worker threads; default: the runtime's min(4, cores - 1), at least 1. */
  workers?: number;
  /** Wall-time backstop per step (never part of a receipt). */
  wallTimeMs: number;
}

export function createWorkerPoolExecutor(init: WorkerPoolExecutorInit): StepExecutor {
  const pool = createWorkerExecutor(init.workers !== undefined ? { workers: init.workers } : {});
  return {
    async execute(step: StepExecution): Promise<ExecutionOutcome> {
      const out = await pool.execute(
        step.moduleBytes,
        step.input,
        step.stateBefore,
        { sequence: step.sequence, timestampMs: step.timestampMs },
        { fuel: step.fuelLimit, wallTimeMs: init.wallTimeMs },
      );
      const ok = out.status === StepStatus.STEP_STATUS_OK;
      return {
        status: out.status,
        output: out.output,
        stateAfter: ok ? out.state.snapshot() : step.stateBefore,
        stateRootBefore: out.stateRootBefore,
        stateRootAfter: out.stateRootAfter,
        fuelUsed: out.fuelUsed,
        logs: out.logs,
        error: out.error ? `${out.error.code}: ${out.error.message}` : undefined,
      };
    },
    warm: () => pool.warm(),
    close: () => pool.close(),
  };
}
