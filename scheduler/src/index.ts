/**
 * @padmesh/scheduler — the control plane: advert index and placement, lease lifecycle,
 * session coordination, governance following, and the gRPC API.
 */
export { type BlobStore, createBlobStore } from "./blob/store.js";
export type {
  EscrowReader,
  EscrowSession,
  OperatorQuality,
  ParamChange,
  ParamsSource,
  StakeChecker,
} from "./chain/interface.js";
export { createCachedStakeChecker } from "./chain/stake-cache.js";
export { createViemEscrowReader, createViemParamsSource, createViemStakeChecker } from "./chain/viem.js";
export {
  ENV_VARS,
  loadConfig,
  resolveConfig,
  type SchedulerConfig,
  type SchedulerConfigInput,
  schedulerConfigSchema,
} from "./config/schema.js";
export type { DashboardInit, DashboardServer } from "./dashboard/interface.js";
export { createDashboard, type DashboardComponents } from "./dashboard/server.js";
export * from "./errors.js";
export {
  createParamsStore,
  type ParamsStore,
  type ServiceParams,
  serviceParamsFrom,
} from "./governance/params.js";
export { createLevelJournal } from "./journal/level.js";
export * from "./lease/machine.js";
export { evaluateAlarms, reconcileAlarms } from "./observability/alarms.js";
export * from "./observability/interface.js";
export { createObserver, type ObserverComponents, type ObserverInit } from "./observability/observer.js";
export { formatRolePlacement } from "./placement/index.js";
export { type RunSchedulerOptions, runSchedulerProcess, schedulerFlags } from "./process.js";
export {
  createScheduler,
  type Scheduler,
  type SchedulerChain,
  type SchedulerComponents,
} from "./scheduler.js";
export type { SessionManager } from "./session/manager.js";
