/**
 * MeshParams keys: `keccak256(bytes(name))`, mirrored by `contracts/src/ParamKeys.sol`.
 * Off-chain parts read every value from the chain (`allParams`, `ParamChanged`); the names
 * below are the only ones the contract accepts.
 */
import { type Hex, keccak256, stringToBytes } from "viem";

export const PARAM_ROLES = ["compute", "execution", "coordination", "verification"] as const;
export type ParamRole = (typeof PARAM_ROLES)[number];

/** Every parameter name, in the contract's definition order (the order of `allParams`). */
export const PARAM_NAMES = [
  "weight.price",
  "weight.latency",
  "weight.reputation",
  "weight.load",
  "weight.locality",
  ...PARAM_ROLES.flatMap(
    (role) =>
      [
        `threshold.${role}.minVramBytes`,
        `threshold.${role}.minCpuMillis`,
        `threshold.${role}.minBandwidthBps`,
      ] as const,
  ),
  "rate.sessionsPerWindow",
  "rate.windowSeconds",
  "rate.stepsPerSecond",
  "stake.minOperator",
  "stake.minVerifier",
  "stake.unbondingPeriod",
  "verify.sampleRateBps",
  "verify.quorum",
  "escrow.challengeWindow",
  "escrow.claimGracePeriod",
  "slash.fractionBps",
  "slash.challengerBps",
  "slash.clientBps",
  "slash.burnBps",
  "fee.protocolBps",
] as const;

export type ParamName = (typeof PARAM_NAMES)[number];

const keyCache = new Map<string, Hex>();

/**
 * The MeshParams key of a parameter name.
 * @example
 * await publicClient.readContract({ address, abi: meshParamsAbi, functionName: "value", args: [paramKey("weight.price")] });
 */
export function paramKey(name: ParamName | string): Hex {
  let key = keyCache.get(name);
  if (!key) {
    key = keccak256(stringToBytes(name));
    keyCache.set(name, key);
  }
  return key;
}

/** Reverse lookup: the name of a key, or undefined for a key PadMesh does not define. */
export function paramName(key: Hex): ParamName | undefined {
  const k = key.toLowerCase();
  return PARAM_NAMES.find((n) => paramKey(n) === k);
}

export type ParamValues = Partial<Record<ParamName, bigint>>;

const PAD = 10n ** 18n;

/**
 * Values `deployMesh` sets on a devnet on top of the contract's built-in defaults: short
 * windows so a demo settles in a minute, quorum 1, small stakes, 20% verification sampling.
 */
export const DEVNET_PARAMS: ParamValues = {
  "stake.minOperator": 100n * PAD,
  "stake.minVerifier": 200n * PAD,
  "stake.unbondingPeriod": 120n,
  "verify.sampleRateBps": 2000n,
  "verify.quorum": 1n,
  "escrow.challengeWindow": 60n,
  "escrow.claimGracePeriod": 120n,
  "threshold.compute.minBandwidthBps": 0n,
  "threshold.execution.minBandwidthBps": 0n,
  "threshold.coordination.minBandwidthBps": 0n,
  "threshold.verification.minBandwidthBps": 0n,
  "threshold.compute.minCpuMillis": 100n,
  "threshold.execution.minCpuMillis": 100n,
  "threshold.coordination.minCpuMillis": 100n,
  "threshold.verification.minCpuMillis": 100n,
  "rate.sessionsPerWindow": 100n,
  "rate.windowSeconds": 60n,
  "rate.stepsPerSecond": 200n,
};
