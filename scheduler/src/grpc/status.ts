/**
 * Typed errors → gRPC status. Overload and rate limits answer RESOURCE_EXHAUSTED with a
 * `retry-after-ms` trailer; every error carries its stable code in `padmesh-error-code`.
 */
import { Metadata, type ServiceError, status } from "@grpc/grpc-js";
import { PadMeshError } from "@padmesh/proto";

const BY_CODE: Record<string, status> = {
  ERR_UNAUTHENTICATED: status.UNAUTHENTICATED,
  ERR_RATE_LIMITED: status.RESOURCE_EXHAUSTED,
  ERR_OVERLOADED: status.RESOURCE_EXHAUSTED,
  ERR_BLOB_TOO_LARGE: status.RESOURCE_EXHAUSTED,
  ERR_SESSION_NOT_FOUND: status.NOT_FOUND,
  ERR_BLOB_NOT_FOUND: status.NOT_FOUND,
  ERR_PERMISSION_DENIED: status.PERMISSION_DENIED,
  ERR_ESCROW_MISMATCH: status.PERMISSION_DENIED,
  ERR_INVALID_SIGNATURE: status.PERMISSION_DENIED,
  ERR_INVALID_REQUEST: status.INVALID_ARGUMENT,
  ERR_INVALID_MESSAGE: status.INVALID_ARGUMENT,
  ERR_PROTO_DECODE: status.INVALID_ARGUMENT,
  ERR_SESSION_EXISTS: status.ALREADY_EXISTS,
  ERR_SESSION_CLOSED: status.FAILED_PRECONDITION,
  ERR_BUDGET_EXHAUSTED: status.FAILED_PRECONDITION,
  ERR_UNPLACEABLE: status.FAILED_PRECONDITION,
  ERR_LEASE_FAILED: status.UNAVAILABLE,
};

export function toServiceError(err: unknown): Partial<ServiceError> {
  const metadata = new Metadata();
  if (err instanceof PadMeshError) {
    metadata.set("padmesh-error-code", err.code);
    const retry = (err as { retryAfterMs?: number }).retryAfterMs;
    if (typeof retry === "number") metadata.set("retry-after-ms", String(retry));
    return {
      code: BY_CODE[err.code] ?? status.INTERNAL,
      details: err.message.split("\n")[0] ?? err.code,
      metadata,
    };
  }
  metadata.set("padmesh-error-code", "ERR_INTERNAL");
  return { code: status.INTERNAL, details: "internal error", metadata };
}
