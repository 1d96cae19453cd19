/** Errors the worker node raises; each has a stable `code` peers and scripts match on. */
import { PadMeshError, type PadMeshErrorOptions } from "@padmesh/proto";

/** Config file, env or flags failed validation. */
export class ConfigError extends PadMeshError {
  constructor(details: string, options: PadMeshErrorOptions = {}) {
    super("ERR_CONFIG", "invalid node configuration", { ...options, details });
  }
}

/** The signing guard refused: a different receipt was already recorded at this lease and sequence. */
export class SigningConflictError extends PadMeshError {
  readonly leaseId: string;
  readonly sequence: bigint;
  constructor(leaseId: string, sequence: bigint) {
    super(
      "ERR_SIGNING_CONFLICT",
      `a different receipt is already recorded for lease ${leaseId} sequence ${sequence}`,
    );
    this.leaseId = leaseId;
    this.sequence = sequence;
  }
}

/** A step or lease message names a lease this node does not run. */
export class UnknownLeaseError extends PadMeshError {
  constructor(leaseId: string) {
    super("ERR_LEASE_UNKNOWN", `no running lease ${leaseId}`);
  }
}

/** A step arrived out of order (its sequence is not the lease's next one). */
export class StepSequenceError extends PadMeshError {
  readonly expected: bigint;
  readonly got: bigint;
  constructor(expected: bigint, got: bigint) {
    super("ERR_STEP_SEQUENCE", `expected step ${expected}, got ${got}`);
    this.expected = expected;
    this.got = got;
  }
}

/** The project is too far behind paying for this lease: the node does no more work on it. */
export class VouchersBehindError extends PadMeshError {
  constructor(leaseId: string, unvouchered: bigint, limit: number) {
    super(
      "ERR_VOUCHERS_BEHIND",
      `lease ${leaseId}: ${unvouchered} receipts without a voucher (limit ${limit}); no more steps until the project countersigns`,
    );
  }
}

/** A content-addressed blob could not be fetched or did not hash to its address. */
export class BlobUnavailableError extends PadMeshError {
  constructor(hash: string, reason: string, options: PadMeshErrorOptions = {}) {
    super("ERR_BLOB_UNAVAILABLE", `blob ${hash}: ${reason}`, options);
  }
}

/** The journal is closed or a write failed; nothing was acknowledged. */
export class JournalError extends PadMeshError {
  constructor(reason: string, options: PadMeshErrorOptions = {}) {
    super("ERR_JOURNAL", `journal: ${reason}`, options);
  }
}

/** A step's module failed to load or run in a way the runtime reported as an error (not an agent status). */
export class ExecutionError extends PadMeshError {
  constructor(reason: string, options: PadMeshErrorOptions = {}) {
    super("ERR_EXECUTION", `execution failed: ${reason}`, options);
  }
}

/** A request was well-formed protobuf but breaks a protocol rule. */
export class BadRequestError extends PadMeshError {
  constructor(reason: string) {
    super("ERR_BAD_REQUEST", reason);
  }
}

/** A chain call (stake check, claim, finalize, challenge) failed. */
export class ChainError extends PadMeshError {
  constructor(action: string, options: PadMeshErrorOptions = {}) {
    super("ERR_CHAIN", `chain call failed: ${action}`, options);
  }
}
