/**
 * What the scheduler reads from the chain, behind small interfaces so the core can be tested
 * with a real local chain or driven directly. The viem implementations live beside these.
 */
import type { Address, Hex } from "viem";

export interface ParamChange {
  /** keccak256 of the parameter's name. */
  key: Hex;
  oldValue: bigint;
  newValue: bigint;
  blockNumber: bigint;
}

export interface ParamsSource {
  /** Every parameter now, keyed by its bytes32 key, and the block it was read at. */
  readAll(opts?: { signal?: AbortSignal }): Promise<{ values: Map<Hex, bigint>; blockNumber: bigint }>;
  /** Deliver each `ParamChanged` event after `fromBlock`; returns a function that stops watching. */
  watch(
    onChange: (change: ParamChange) => void,
    opts: { fromBlock: bigint; onError?: (err: Error) => void },
  ): () => void;
}

export interface OperatorQuality {
  leasesSettled: bigint;
  challengesLost: bigint;
}

export interface StakeChecker {
  isActiveOperator(operator: Address, opts?: { signal?: AbortSignal }): Promise<boolean>;
  isActiveVerifier(verifier: Address, opts?: { signal?: AbortSignal }): Promise<boolean>;
  quality(operator: Address, opts?: { signal?: AbortSignal }): Promise<OperatorQuality>;
}

/** `SessionEscrow.sessions(id)` as the scheduler needs it. */
export interface EscrowSession {
  owner: Address;
  sessionKey: Address;
  deposit: bigint;
  claimed: bigint;
  maxPricePerFuel: bigint;
  open: boolean;
}

export interface EscrowReader {
  /** The escrow of `sessionId`, or undefined when none was ever opened. */
  session(sessionId: Hex, opts?: { signal?: AbortSignal }): Promise<EscrowSession | undefined>;
}
