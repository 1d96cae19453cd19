/** Errors raised by the stream framing and request/response helpers. */
import { PadMeshError, type PadMeshErrorOptions } from "../errors.js";

/** The remote closed the stream (or it was reset) before a whole frame or response arrived. */
export class StreamClosedError extends PadMeshError {
  constructor(what: string, options: PadMeshErrorOptions = {}) {
    super("ERR_STREAM_CLOSED", `stream closed: ${what}`, options);
  }
}

/** A request got no response within its deadline. */
export class RequestTimeoutError extends PadMeshError {
  readonly timeoutMs: number;
  constructor(protocol: string, timeoutMs: number) {
    super("ERR_REQUEST_TIMEOUT", `no response on ${protocol} within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's AbortSignal fired. */
export class AbortedError extends PadMeshError {
  constructor(what: string, options: PadMeshErrorOptions = {}) {
    super("ERR_ABORTED", `aborted: ${what}`, options);
  }
}

/** The peer key file exists but could not be read as a libp2p private key. */
export class PeerKeyError extends PadMeshError {
  constructor(path: string, options: PadMeshErrorOptions = {}) {
    super("ERR_PEER_KEY", `cannot load the peer key at ${path}`, options);
  }
}
