/**
 * The scheduler's typed errors. Each has a stable `code` (clients and scripts match on it);
 * the gRPC layer maps them to status codes (see grpc/status.ts).
 */
import { PadMeshError, type PadMeshErrorOptions } from "@padmesh/proto";

/** A lease event that the lifecycle does not allow from the lease's current state. */
export class IllegalTransitionError extends PadMeshError {
  readonly from: string;
  readonly event: string;
  constructor(from: string, event: string) {
    super("ERR_ILLEGAL_TRANSITION", `lease event "${event}" is not allowed in state "${from}"`);
    this.from = from;
    this.event = event;
  }
}

/** Too many requests for a project right now; retry after `retryAfterMs`. */
export class RateLimitedError extends PadMeshError {
  readonly retryAfterMs: number;
  constructor(what: string, retryAfterMs: number, options: PadMeshErrorOptions = {}) {
    super("ERR_RATE_LIMITED", `${what}: rate limit reached, retry in ${retryAfterMs} ms`, options);
    this.retryAfterMs = retryAfterMs;
  }
}

/** The scheduler has no room for more work right now (queue full); retry after `retryAfterMs`. */
export class OverloadedError extends PadMeshError {
  readonly retryAfterMs: number;
  constructor(what: string, retryAfterMs: number) {
    super("ERR_OVERLOADED", `${what}: scheduler overloaded, retry in ${retryAfterMs} ms`);
    this.retryAfterMs = retryAfterMs;
  }
}

/** The session's spend would exceed its escrow deposit. */
export class BudgetExhaustedError extends PadMeshError {
  readonly spent: bigint;
  readonly deposit: bigint;
  constructor(spent: bigint, deposit: bigint) {
    super("ERR_BUDGET_EXHAUSTED", `session budget exhausted: spent ${spent} of ${deposit} PAD wei`);
    this.spent = spent;
    this.deposit = deposit;
  }
}

export class SessionNotFoundError extends PadMeshError {
  constructor(sessionId: string) {
    super("ERR_SESSION_NOT_FOUND", `no session ${sessionId}`);
  }
}

export class SessionClosedError extends PadMeshError {
  constructor(sessionId: string, reason: string) {
    super("ERR_SESSION_CLOSED", `session ${sessionId} is closed (${reason})`);
  }
}

export class SessionExistsError extends PadMeshError {
  constructor(sessionId: string) {
    super("ERR_SESSION_EXISTS", `session ${sessionId} already exists`);
  }
}

/** The escrow on chain does not back this session (missing, closed, or owned by someone else). */
export class EscrowMismatchError extends PadMeshError {
  constructor(sessionId: string, reason: string) {
    super("ERR_ESCROW_MISMATCH", `escrow for session ${sessionId}: ${reason}`);
  }
}

/** The caller is authenticated but not allowed to act on this resource. */
export class PermissionDeniedError extends PadMeshError {
  constructor(reason: string) {
    super("ERR_PERMISSION_DENIED", reason);
  }
}

/** A request is malformed (missing field, bad length, unknown role). */
export class InvalidRequestError extends PadMeshError {
  constructor(reason: string) {
    super("ERR_INVALID_REQUEST", reason);
  }
}

/** A role could not be placed; `reason` is the placement pipeline's explanation. */
export class UnplaceableError extends PadMeshError {
  readonly role: number;
  /** True when feasible nodes exist but refused (capacity taken by others): worth retrying. */
  readonly contended: boolean;
  constructor(role: number, reason: string, contended = false) {
    super("ERR_UNPLACEABLE", `role ${role} cannot be placed: ${reason}`);
    this.role = role;
    this.contended = contended;
  }
}

/** A node refused or failed a lease operation. */
export class LeaseFailedError extends PadMeshError {
  /** The node's LeaseRejectReason, when it rejected. */
  readonly rejectReason: number | undefined;
  constructor(
    leaseId: string,
    reason: string,
    options: PadMeshErrorOptions & { rejectReason?: number } = {},
  ) {
    super("ERR_LEASE_FAILED", `lease ${leaseId}: ${reason}`, options);
    this.rejectReason = options.rejectReason;
  }
}

/** A blob is larger than the scheduler stores. */
export class BlobTooLargeError extends PadMeshError {
  constructor(size: number, limit: number) {
    super("ERR_BLOB_TOO_LARGE", `blob of ${size} bytes is over the ${limit}-byte limit`);
  }
}

/** A stored blob is missing. */
export class BlobNotFoundError extends PadMeshError {
  constructor(hash: string) {
    super("ERR_BLOB_NOT_FOUND", `no blob ${hash}`);
  }
}

/** Configuration did not validate. */
export class ConfigError extends PadMeshError {
  constructor(details: string) {
    super("ERR_CONFIG", `invalid scheduler configuration: ${details}`, { details });
  }
}
