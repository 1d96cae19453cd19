/**
 * Placement: the advert index and the placement pipeline (feasibility → ranking → normalization →
 * selection), pure code the scheduler service drives. See docs/scheduling.md.
 */

export { type AdvertIndexInit, BucketedAdvertIndex, createAdvertIndex } from "./advert-index.js";
export { addCapacity, fitsIn, leaseDemand, subtractCapacity, zeroCapacity } from "./capacity.js";
export { InvalidPlacementParamError, InvalidPlacementRequestError, UnknownNodeError } from "./errors.js";
export { DEFAULT_CHECKS } from "./feasible.js";
export { formatRolePlacement } from "./format-placement.js";
export { placeFullScan } from "./full-scan.js";
export type { IndexedNode } from "./indexed-node.js";
export type {
  AdvertIndex,
  CandidateExplanation,
  NodeRecord,
  PlacementParams,
  PlacementRequest,
  PlacementResult,
  PlacementStats,
  PlacementWeights,
  PlaceOptions,
  RoleThresholds,
  ScoreExplanation,
} from "./interface.js";
export { DEFAULT_WEIGHTS, defaultPlacementParams, paramsFromChain } from "./params.js";
export { DEFAULT_MAX_CANDIDATES, type PlaceOptionsWithChecks, place } from "./place.js";
export { BINPACK_RANKERS, SPREAD_RANKERS } from "./rank.js";
export { releaseLease, reservePlacement } from "./reserve-placement.js";
export { toRolePlacement } from "./role-placement.js";
export {
  type PlaceSessionOptions,
  placeSession,
  requestFromRequirement,
  type SessionPlacement,
} from "./session-placement.js";
export type { FeasibilityCheck, Ranker } from "./stage.js";
export { LATENCY_PROFILE, profileFor, type StrategyProfile, THROUGHPUT_PROFILE } from "./strategy.js";
