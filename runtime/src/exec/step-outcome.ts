/** What a step produced: everything a receipt needs, plus logs. */
import type { StepStatus } from "@padmesh/proto/core";
import type { SessionState } from "../state/session-state.js";

export interface StepOutcome {
  /** STEP_STATUS_OK, or why the step failed. */
  status: StepStatus;
  /** The output bytes; empty for a failed step. */
  output: Uint8Array;
  /** The state after the step: a new object on success, the given state (unchanged) on failure. */
  state: SessionState;
  /**
   * The encoded state after the step, when the executor already has it (the worker executor sets
   * it, and then decodes `state` only when it is first read): the worker's canonical encoding on
   * success, the snapshot that was passed in on failure.
   */
  stateSnapshot?: Uint8Array;
  stateRootBefore: Uint8Array;
  /** Equal to stateRootBefore on failure. */
  stateRootAfter: Uint8Array;
  /** Fuel burned; on OUT_OF_FUEL and TIMEOUT the whole limit. */
  fuelUsed: bigint;
  /** Log lines (not part of the receipt). */
  logs: string[];
  /** Present when status != OK: a stable code (errors.ts STEP_ERROR_CODE) and a message. */
  error?: { code: string; message: string };
}
