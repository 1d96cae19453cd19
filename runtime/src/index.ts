/**
 * @padmesh/runtime — the deterministic agent runtime: wasm validation and fuel instrumentation,
 * the host ABI, step execution (in-process and in worker threads with a wall-time backstop),
 * session state and its root, `reexecute`, and the sample agents with their codecs.
 * See docs/runtime.md.
 */

export { ABI_FUNCTIONS, ABI_MEMORY, STEP_EXPORT } from "./abi/host-abi.js";
export type { StepContext } from "./abi/step-host.js";
export {
  AgentBuildError,
  ASC_FLAGS,
  type BuildAgentOptions,
  buildAgent,
  buildSampleAgents,
} from "./agents/build-agents.js";
export {
  type ClearingOutput,
  decodeClearingInput,
  decodeClearingOutput,
  encodeClearingInput,
  encodeClearingOutput,
  type Transfer,
} from "./agents/clearing-codec.js";
export {
  COORDINATOR_STATE_KEYS,
  type CoordinatorLedger,
  type CoordinatorOutput,
  decodeCoordinatorLedger,
  decodeCoordinatorOutput,
} from "./agents/coordinator-codec.js";
export {
  decodeRiskInput,
  decodeRiskOutput,
  encodeRiskInput,
  encodeRiskOutput,
  type HealthReport,
  type Position,
  RiskAction,
  type RiskInput,
  type RiskOutput,
} from "./agents/risk-codec.js";
export {
  loadSampleAgent,
  SAMPLE_AGENT_NAMES,
  SAMPLE_AGENTS,
  type SampleAgentName,
} from "./agents/sample-agents.js";
export {
  SAMPLE_ASSETS,
  sampleClearingInput,
  sampleRiskInput,
  sampleRiskInputData,
  sampleTrades,
  sampleTwapInput,
  sampleTwapInputData,
  seededRandom,
} from "./agents/sample-inputs.js";
export { CASH_ASSET, PRICE_SCALE, type Trade, type TradeBatch } from "./agents/trade-batch.js";
export {
  decodeTwapInput,
  decodeTwapOutput,
  encodeTwapInput,
  encodeTwapOutput,
  type Order,
  OrderSide,
  type TwapAsset,
  type TwapInput,
  type TwapOutput,
} from "./agents/twap-codec.js";
export * from "./errors.js";
export { executeStep } from "./exec/execute-step.js";
export {
  compareWithReceipt,
  type ReexecuteMismatch,
  type ReexecuteResult,
  reexecute,
} from "./exec/reexecute.js";
export type { StepOutcome } from "./exec/step-outcome.js";
export { inputHash, moduleHash, outputHash } from "./hashes.js";
export { DEFAULT_LIMITS, MAX_FUEL, resolveLimits, type StepLimits } from "./limits.js";
export { type AgentModule, clearModuleCache, loadModule } from "./module/agent-module.js";
export { type Checkpoint, checkpoint, checkpointId } from "./state/checkpoint.js";
export { EMPTY_STATE_ROOT } from "./state/merkle.js";
export { MAX_STATE_KEY_BYTES, MAX_STATE_VALUE_BYTES, SessionState } from "./state/session-state.js";
export {
  createWorkerExecutor,
  type WorkerExecutor,
  type WorkerExecutorOptions,
} from "./worker/worker-executor.js";
