/**
 * @padmesh/node — the PadMesh worker node. `createWorkerNode(components, config)` builds a
 * Startable node; the parts are exported for the CLI, tests and benchmarks.
 */
export { buildAdvert, descriptorChanged, offeredCapacity } from "./adverts/advert-builder.js";
export { type AdvertPublisher, createAdvertPublisher } from "./adverts/advert-publisher.js";
export { type AdvertValidator, createAdvertValidator } from "./adverts/advert-validator.js";
export { parseWorkerFlags, WORKER_FLAGS } from "./bin/flags.js";
export { type RunWorkerOptions, runWorkerProcess } from "./bin/run.js";
export { type BlobFetcher, createBlobFetcher } from "./blobs/blob-client.js";
export { type BlobStore, createBlobStore } from "./blobs/blob-store.js";
export { type SweepResult, sweepClaims } from "./chain/claim-sweep.js";
export { type ClaimComponents, claimLease, finalizeLease } from "./chain/claims.js";
export type { ChallengeSubmitter, ClaimSubmitter, StakeChecker } from "./chain/interface.js";
export { createStakeCache, type StakeCache } from "./chain/stake-cache.js";
export { createViemChain, type ViemChain, type ViemChainInit } from "./chain/viem-chain.js";
export { type ChainAddresses, DEV_DOMAIN, resolveChain } from "./config/domain.js";
export { configFromEnv, loadNodeConfig, mergeConfig, parseNodeConfig } from "./config/load.js";
export { loadOperatorKey, loadOperatorSigner } from "./config/operator-key.js";
export { type NodeConfig, type NodeConfigInput, nodeConfigSchema, type RoleName } from "./config/schema.js";
export * from "./errors.js";
export { GroupCommitter } from "./journal/group-commit.js";
export type { ClaimRecord, LeaseRecord, NodeJournal, StepRecord } from "./journal/interface.js";
export { createLevelJournal } from "./journal/level-journal.js";
export { createSigningGuard, type SigningGuard } from "./journal/signing-guard.js";
export * as capacity from "./leases/capacity.js";
export { createLeaseService, EMPTY_STATE, type LeaseService, ROLE_BY_NAME } from "./leases/lease-service.js";
export { LeaseTable } from "./leases/lease-table.js";
export { createNodeMetrics, type NodeMetrics } from "./metrics/metrics.js";
export { interfaceSpeedBps, measureBandwidth } from "./probe/bandwidth.js";
export { descriptorToJson } from "./probe/descriptor-json.js";
export { mergeGpus } from "./probe/gpus.js";
export { NVIDIA_SMI_ARGS, parseNvidiaSmi } from "./probe/nvidia-smi.js";
export { createHardwareProbe, type HardwareProbe } from "./probe/probe.js";
export { createFrameHandlers, type FrameHandlers } from "./protocols/frame-handlers.js";
export { createPeerPenalties, type PeerPenalties } from "./protocols/peer-penalties.js";
export { createThreadSigner, type ThreadSigner } from "./signing/thread-signer.js";
export type { ExecutionOutcome, Reexecutor, StepExecution, StepExecutor } from "./steps/executor.js";
export { buildReceipt } from "./steps/receipt-builder.js";
export { createRuntimeExecutor } from "./steps/runtime-executor.js";
export { createStepService, type StepService } from "./steps/step-service.js";
export { createWorkerPoolExecutor } from "./steps/worker-executor.js";
export { createRuntimeReexecutor } from "./verify/runtime-reexecutor.js";
export { createVerifyService, type VerifyService } from "./verify/verify-service.js";
export {
  createWorkerNode,
  type WorkerNode,
  type WorkerNodeComponents,
  type WorkerNodeStatus,
} from "./worker-node.js";
