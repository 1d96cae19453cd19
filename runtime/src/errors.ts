/**
 * Runtime errors. Loading a module and decoding snapshots throw these; an agent's own fault during
 * a step never throws — it becomes a StepOutcome with a failing StepStatus and an error `code` from
 * `STEP_ERROR_CODE`.
 */
import { PadMeshError, type PadMeshErrorOptions, StepStatus } from "@padmesh/proto/core";

/** Base class of every error the runtime throws. */
export class RuntimeError extends PadMeshError {}

/** The bytes are not a wasm module the runtime accepts (malformed, a rejected feature, no memory maximum...). */
export class InvalidModuleError extends RuntimeError {
  constructor(reason: string, options: PadMeshErrorOptions = {}) {
    super("ERR_INVALID_MODULE", `invalid agent module: ${reason}`, options);
  }
}

/** The module imports something outside the host ABI (see docs/runtime.md). */
export class UnknownImportError extends InvalidModuleError {
  readonly importModule: string;
  readonly importName: string;
  constructor(importModule: string, importName: string, kind: string) {
    super(
      `imports ${kind} "${importModule}"."${importName}", which is not part of the PadMesh host ABI (docs/runtime.md)`,
    );
    this.importModule = importModule;
    this.importName = importName;
  }
}

/** A state snapshot could not be decoded or is not canonical (sorted, unique keys). */
export class InvalidSnapshotError extends RuntimeError {
  constructor(reason: string, options: PadMeshErrorOptions = {}) {
    super("ERR_INVALID_SNAPSHOT", `invalid state snapshot: ${reason}`, options);
  }
}

/** A step limit is out of range (negative fuel, zero pages...). */
export class InvalidLimitsError extends RuntimeError {
  constructor(reason: string) {
    super("ERR_INVALID_LIMITS", `invalid step limits: ${reason}`);
  }
}

/** A sample agent's .wasm is not built yet. */
export class AgentNotBuiltError extends RuntimeError {
  readonly path: string;
  constructor(name: string, path: string) {
    super("ERR_AGENT_NOT_BUILT", `sample agent "${name}" is not built`, {
      details: `${path} is missing; run \`npm run build:agents\``,
    });
    this.path = path;
  }
}

/** An agent codec was given bytes that are not a valid message of its format. */
export class AgentCodecError extends RuntimeError {
  constructor(format: string, reason: string) {
    super("ERR_AGENT_CODEC", `${format}: ${reason}`);
  }
}

/** The worker executor was closed, or its worker died for a reason other than a timeout. */
export class ExecutorError extends RuntimeError {
  constructor(reason: string, options: PadMeshErrorOptions = {}) {
    super("ERR_EXECUTOR", reason, options);
  }
}

/**
 * Stable error codes of failed steps (StepOutcome.error.code), one per StepStatus other than OK;
 * TRAP has a few more specific ones.
 */
export const STEP_ERROR_CODE = {
  outOfFuel: "ERR_OUT_OF_FUEL",
  trap: "ERR_TRAP",
  stackOverflow: "ERR_STACK_OVERFLOW",
  memoryLimit: "ERR_MEMORY_LIMIT",
  outputLimit: "ERR_OUTPUT_LIMIT",
  timeout: "ERR_TIMEOUT",
  invalidModule: "ERR_INVALID_MODULE",
  agentError: "ERR_AGENT_ERROR",
  hostAbi: "ERR_HOST_ABI",
} as const;

/** The default error code for a failing status. */
export function codeForStatus(status: StepStatus): string {
  switch (status) {
    case StepStatus.STEP_STATUS_OUT_OF_FUEL:
      return STEP_ERROR_CODE.outOfFuel;
    case StepStatus.STEP_STATUS_MEMORY_LIMIT:
      return STEP_ERROR_CODE.memoryLimit;
    case StepStatus.STEP_STATUS_OUTPUT_LIMIT:
      return STEP_ERROR_CODE.outputLimit;
    case StepStatus.STEP_STATUS_TIMEOUT:
      return STEP_ERROR_CODE.timeout;
    case StepStatus.STEP_STATUS_INVALID_MODULE:
      return STEP_ERROR_CODE.invalidModule;
    case StepStatus.STEP_STATUS_AGENT_ERROR:
      return STEP_ERROR_CODE.agentError;
    default:
      return STEP_ERROR_CODE.trap;
  }
}
