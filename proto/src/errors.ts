/**
 * Errors shared by every PadMesh part. Each failure has its own class with a stable
 * `code` (never reworded: scripts and peers match on it), typed context and a `cause`.
 */

export interface PadMeshErrorOptions {
  /** One line a user can act on; the message adds the context after it. */
  details?: string;
  cause?: unknown;
}

export class PadMeshError extends Error {
  /** Stable machine-readable code, e.g. `ERR_PROTO_DECODE`. */
  readonly code: string;
  /** The message without added context. */
  readonly shortMessage: string;
  readonly details: string | undefined;

  constructor(code: string, shortMessage: string, options: PadMeshErrorOptions = {}) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, {
      cause: options.cause,
    });
    this.name = new.target.name;
    this.code = code;
    this.shortMessage = shortMessage;
    this.details = options.details;
  }
}

/** Bytes could not be decoded as the expected protobuf message. */
export class ProtoDecodeError extends PadMeshError {
  readonly messageType: string;
  constructor(messageType: string, options: PadMeshErrorOptions = {}) {
    super("ERR_PROTO_DECODE", `could not decode ${messageType}`, options);
    this.messageType = messageType;
  }
}

/** A frame or message is larger than the protocol allows. */
export class FrameTooLargeError extends PadMeshError {
  readonly size: number;
  readonly limit: number;
  constructor(what: string, size: number, limit: number) {
    super("ERR_FRAME_TOO_LARGE", `${what} is ${size} bytes, over the ${limit}-byte limit`);
    this.size = size;
    this.limit = limit;
  }
}

/** A decoded message breaks a protocol rule (a range, a length, a required field). */
export class InvalidMessageError extends PadMeshError {
  readonly field: string;
  constructor(messageType: string, field: string, reason: string) {
    super("ERR_INVALID_MESSAGE", `${messageType}.${field}: ${reason}`);
    this.field = field;
  }
}

/** A signature is malformed or was not made by the expected signer. */
export class InvalidSignatureError extends PadMeshError {
  constructor(what: string, options: PadMeshErrorOptions = {}) {
    super("ERR_INVALID_SIGNATURE", `invalid signature on ${what}`, options);
  }
}

/** An advert's sequence is not newer than one already seen from the same peer. */
export class StaleSequenceError extends PadMeshError {
  readonly sequence: bigint;
  readonly latest: bigint;
  constructor(sequence: bigint, latest: bigint) {
    super("ERR_STALE_SEQUENCE", `sequence ${sequence} is not newer than ${latest}`);
    this.sequence = sequence;
    this.latest = latest;
  }
}

/** An advert (or other timed message) has expired or is dated in the future. */
export class ExpiredError extends PadMeshError {
  constructor(what: string, reason: string) {
    super("ERR_EXPIRED", `${what}: ${reason}`);
  }
}

/** A receipt does not follow its predecessor in the lease's hash chain. */
export class ReceiptChainError extends PadMeshError {
  readonly sequence: bigint;
  constructor(sequence: bigint, reason: string) {
    super("ERR_RECEIPT_CHAIN", `receipt ${sequence}: ${reason}`);
    this.sequence = sequence;
  }
}

/** A request's authentication is missing, expired, replayed or signed by the wrong key. */
export class UnauthenticatedError extends PadMeshError {
  constructor(reason: string, options: PadMeshErrorOptions = {}) {
    super("ERR_UNAUTHENTICATED", `request not authenticated: ${reason}`, options);
  }
}

/**
 * What gossipsub should do with a message that failed validation
 * (lodestar's convention): REJECT penalises the sender, IGNORE drops without penalty.
 */
export const GossipAction = { ACCEPT: "ACCEPT", IGNORE: "IGNORE", REJECT: "REJECT" } as const;
export type GossipAction = (typeof GossipAction)[keyof typeof GossipAction];

/** A gossip message failed validation; `action` feeds peer scoring. */
export class GossipValidationError extends PadMeshError {
  readonly action: GossipAction;
  constructor(action: GossipAction, reason: PadMeshError) {
    super(`ERR_GOSSIP_${action}`, `gossip ${action.toLowerCase()}: ${reason.shortMessage}`, {
      cause: reason,
    });
    this.action = action;
  }
}
