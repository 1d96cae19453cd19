/** Errors of the CLI's chain commands: each says what to do next. */
import { PadMeshError, type PadMeshErrorOptions } from "@padmesh/proto";

/** A chain option (RPC URL, deployment file, key) is missing or malformed. */
export class ChainOptionError extends PadMeshError {
  readonly option: string;
  constructor(option: string, message: string, options: PadMeshErrorOptions = {}) {
    super("ERR_CHAIN_OPTION", message, options);
    this.option = option;
  }
}

/** No deployments file where the command looked. */
export class DeploymentNotFoundError extends PadMeshError {
  readonly path: string;
  constructor(path: string, options: PadMeshErrorOptions = {}) {
    super(
      "ERR_DEPLOYMENT_NOT_FOUND",
      `no deployment file at ${path}: run \`padmesh devnet\` or pass --deployment <file> (env PADMESH_DEPLOYMENT)`,
      { details: "`padmesh devnet` prints its deployment file's path", ...options },
    );
    this.path = path;
  }
}

/** The RPC endpoint did not answer, or answered for a different chain than the deployment's. */
export class ChainUnreachableError extends PadMeshError {
  readonly rpcUrl: string;
  constructor(rpcUrl: string, reason: string, options: PadMeshErrorOptions = {}) {
    super("ERR_CHAIN_UNREACHABLE", `chain at ${rpcUrl} ${reason}`, options);
    this.rpcUrl = rpcUrl;
  }
}

/**
 * A transaction would revert or reverted; `reason` is the decoded custom error when known and
 * `hint` says what to do. Both are in the one-line message the CLI prints.
 */
export class ChainTxError extends PadMeshError {
  readonly action: string;
  readonly reason: string;
  readonly hint: string | undefined;
  constructor(action: string, reason: string, options: { hint?: string | undefined; cause?: unknown } = {}) {
    super("ERR_CHAIN_TX", `${action} failed: ${reason}${options.hint ? ` (${options.hint})` : ""}`, {
      cause: options.cause,
    });
    this.action = action;
    this.reason = reason;
    this.hint = options.hint;
  }
}

/** A command argument is invalid (amount, role, proposal id, ...). */
export class CliArgumentError extends PadMeshError {
  readonly argument: string;
  constructor(argument: string, message: string, options: PadMeshErrorOptions = {}) {
    super("ERR_CLI_ARGUMENT", message, options);
    this.argument = argument;
  }
}
