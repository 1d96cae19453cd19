import { PadMeshError } from "@padmesh/proto";

/** A proposal does not exist or is not in the state a step needs. */
export class GovProposalError extends PadMeshError {
  readonly proposalId: bigint;
  constructor(proposalId: bigint, message: string, hint?: string) {
    super("ERR_GOV_PROPOSAL", hint ? `${message}: ${hint}` : message);
    this.proposalId = proposalId;
  }
}

/** A `--set name=value` is not a known parameter, not an integer, or outside the parameter's bounds. */
export class GovParamError extends PadMeshError {
  readonly param: string;
  constructor(param: string, message: string, hint?: string) {
    super("ERR_GOV_PARAM", hint ? `${message}: ${hint}` : message);
    this.param = param;
  }
}
