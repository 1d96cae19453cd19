/** Errors of the TypeScript side of @padmesh/contracts. */
import { PadMeshError, type PadMeshErrorOptions } from "@padmesh/proto";

/** A deployments file is missing, not JSON, or does not match the schema. */
export class DeploymentFileError extends PadMeshError {
  readonly path: string;
  constructor(path: string, reason: string, options: PadMeshErrorOptions = {}) {
    super("ERR_DEPLOYMENT_FILE", `invalid deployment file ${path}: ${reason}`, options);
    this.path = path;
  }
}

/** A deployment transaction failed or a deployed contract is not what was expected. */
export class DeployMeshError extends PadMeshError {
  readonly step: string;
  constructor(step: string, reason: string, options: PadMeshErrorOptions = {}) {
    super("ERR_DEPLOY_MESH", `deployMesh failed at ${step}: ${reason}`, options);
    this.step = step;
  }
}

/** A parameter name or value the MeshParams contract would reject. */
export class UnknownParamError extends PadMeshError {
  readonly param: string;
  constructor(param: string) {
    super("ERR_UNKNOWN_PARAM", `unknown MeshParams name "${param}"`);
    this.param = param;
  }
}
