/**
 * What the node needs from the runtime to run one step. The implementation over
 * `@padmesh/runtime` is in runtime-executor.ts; keeping this seam small lets the step service
 * be reasoned about (and tested) apart from wasm.
 */
import type { StepStatus } from "@padmesh/proto";

export interface StepExecution {
  moduleHash: Uint8Array;
  moduleBytes: Uint8Array;
  input: Uint8Array;
  /** Encoded StateSnapshot of the lease's session state before the step. */
  stateBefore: Uint8Array;
  sequence: bigint;
  timestampMs: bigint;
  fuelLimit: bigint;
}

export interface ExecutionOutcome {
  status: StepStatus;
  output: Uint8Array;
  /** Encoded StateSnapshot after the step (equal to `stateBefore` when the step failed). */
  stateAfter: Uint8Array;
  stateRootBefore: Uint8Array;
  stateRootAfter: Uint8Array;
  fuelUsed: bigint;
  logs: string[];
  error?: string;
}

export interface StepExecutor {
  execute(step: StepExecution, options?: { signal?: AbortSignal }): Promise<ExecutionOutcome>;
  /** Get ready for steps soon (start threads); optional, never required for correctness. */
  warm?(): void;
  close(): Promise<void>;
}

/** What the verifier needs: re-execute a receipt and compare. */
export interface ReexecuteResult {
  match: boolean;
  mismatches: string[];
  outcome: ExecutionOutcome;
}

export interface Reexecutor {
  reexecute(
    receipt: import("@padmesh/proto").Receipt,
    moduleBytes: Uint8Array,
    input: Uint8Array,
    stateBefore: Uint8Array,
  ): Promise<ReexecuteResult>;
}
