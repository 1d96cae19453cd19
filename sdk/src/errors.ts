/** Errors the SDK raises. Each has a stable `code`; gRPC failures keep the server's code and retry hint. */
import { PadMeshError, type PadMeshErrorOptions } from "@padmesh/proto";

/**
 * A scheduler call failed. `code` is the scheduler's own error code (its `padmesh-error-code`
 * trailer) when it sent one; `grpcCode` is the gRPC status; `retryAfterMs` the server's hint.
 */
export class SchedulerCallError extends PadMeshError {
  readonly method: string;
  readonly grpcCode: number;
  readonly retryAfterMs: number | undefined;
  constructor(
    method: string,
    grpcCode: number,
    message: string,
    retryAfterMs?: number,
    options: PadMeshErrorOptions & { serverCode?: string | undefined } = {},
  ) {
    super(options.serverCode ?? schedulerCode(grpcCode), `${method} failed: ${message}`, options);
    this.method = method;
    this.grpcCode = grpcCode;
    this.retryAfterMs = retryAfterMs;
  }
}

/** A code from the gRPC status, for servers that send no `padmesh-error-code` trailer. */
function schedulerCode(grpcCode: number): string {
  switch (grpcCode) {
    case 14:
      return "ERR_SCHEDULER_UNAVAILABLE";
    case 16:
      return "ERR_UNAUTHENTICATED";
    case 8:
      return "ERR_OVERLOADED";
    case 5:
      return "ERR_NOT_FOUND";
    default:
      return "ERR_SCHEDULER_CALL";
  }
}

/** A receipt failed local verification; it is reported and never paid. */
export class ReceiptRejectedError extends PadMeshError {
  readonly leaseId: string;
  readonly sequence: bigint;
  constructor(leaseId: string, sequence: bigint, reason: string, options: PadMeshErrorOptions = {}) {
    super("ERR_RECEIPT_REJECTED", `receipt ${sequence} of lease ${leaseId} rejected: ${reason}`, options);
    this.leaseId = leaseId;
    this.sequence = sequence;
  }
}

/** The session's escrow cannot pay for more work. */
export class BudgetExhaustedError extends PadMeshError {
  constructor(details: string) {
    super("ERR_BUDGET_EXHAUSTED", "the session escrow cannot pay for more work", { details });
  }
}

/** The client was created without something this action needs (e.g. a chain client). */
export class ClientConfigError extends PadMeshError {
  constructor(message: string) {
    super("ERR_CLIENT_CONFIG", message);
  }
}

/** A local dry-run could not load or run the module. */
export class DryRunError extends PadMeshError {
  constructor(message: string, options: PadMeshErrorOptions = {}) {
    super("ERR_DRY_RUN", message, options);
  }
}
