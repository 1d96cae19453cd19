/** Messages between the worker executor and its step workers (structured-clone plain data). */
import type { StepStatus } from "@padmesh/proto/core";
import type { StepContext } from "../abi/step-host.js";
import type { StepLimits } from "../limits.js";

export interface StepJob {
  id: number;
  /** The module's content key (sha256 hex). */
  moduleKey: string;
  /** The module bytes; absent when this worker still holds `moduleKey` compiled. */
  module?: Uint8Array;
  input: Uint8Array;
  snapshot: Uint8Array;
  ctx: StepContext;
  limits: StepLimits;
}

export interface WireOutcome {
  status: StepStatus;
  output: Uint8Array;
  /** The state after the step, encoded; absent when the state did not change. */
  snapshot?: Uint8Array;
  stateRootBefore: Uint8Array;
  stateRootAfter: Uint8Array;
  fuelUsed: bigint;
  logs: string[];
  error?: { code: string; message: string };
}

export type StepReply =
  | { id: number; ok: true; outcome: WireOutcome }
  | { id: number; ok: false; error: { code: string; message: string; name: string } };
