/** Build a step's (unsigned) receipt from the lease terms, the step input and the outcome. Pure. */
import { type LeaseTerms, type Receipt, type StepInput, sha256 } from "@padmesh/proto";
import type { ExecutionOutcome } from "./executor.js";

export interface ReceiptParts {
  terms: LeaseTerms;
  input: StepInput;
  moduleHash: Uint8Array;
  outcome: ExecutionOutcome;
  /** Hash of the lease's previous receipt (ZERO_HASH for the first). */
  prevReceiptHash: Uint8Array;
  /** The output actually returned (may differ from the outcome's only under the dishonesty fault). */
  output: Uint8Array;
}

export function buildReceipt(p: ReceiptParts): Receipt {
  return {
    sessionId: p.terms.sessionId,
    leaseId: p.terms.leaseId,
    role: p.terms.role,
    sequence: p.input.sequence,
    moduleHash: p.moduleHash,
    inputHash: sha256(p.input.input),
    outputHash: sha256(p.output),
    stateRootBefore: p.outcome.stateRootBefore,
    stateRootAfter: p.outcome.stateRootAfter,
    fuelUsed: p.outcome.fuelUsed,
    pricePerFuel: p.terms.pricePerFuel,
    prevReceiptHash: p.prevReceiptHash,
    timestampMs: p.input.timestampMs,
    status: p.outcome.status,
    operator: "",
    signature: new Uint8Array(0),
  };
}
