/** Errors of the placement part; each has a stable `code`. */

import { PadMeshError } from "@padmesh/proto";

/** A reservation names a node the index does not hold (removed or expired meanwhile). */
export class UnknownNodeError extends PadMeshError {
  readonly peerId: string;
  constructor(peerId: string) {
    super("ERR_PLACEMENT_UNKNOWN_NODE", `node ${peerId} is not in the advert index`);
    this.peerId = peerId;
  }
}

/** A governance parameter is out of range; keep the last good parameters. */
export class InvalidPlacementParamError extends PadMeshError {
  readonly param: string;
  readonly value: bigint;
  constructor(param: string, value: bigint, reason: string) {
    super("ERR_PLACEMENT_PARAM", `governance parameter ${param} = ${value}: ${reason}`);
    this.param = param;
    this.value = value;
  }
}

/** A placement request cannot be evaluated (unknown role, negative count...). */
export class InvalidPlacementRequestError extends PadMeshError {
  readonly field: string;
  constructor(field: string, reason: string) {
    super("ERR_PLACEMENT_REQUEST", `placement request ${field}: ${reason}`);
    this.field = field;
  }
}
