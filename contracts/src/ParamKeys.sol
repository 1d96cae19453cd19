// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title Names of the MeshParams keys: `keccak256(bytes(name))`.
/// @dev Mirrored by `PARAM_NAMES` in `contracts/ts/params.ts`; a TS test checks both agree.
library ParamKeys {
    bytes32 internal constant WEIGHT_PRICE = keccak256("weight.price");
    bytes32 internal constant WEIGHT_LATENCY = keccak256("weight.latency");
    bytes32 internal constant WEIGHT_REPUTATION = keccak256("weight.reputation");
    bytes32 internal constant WEIGHT_LOAD = keccak256("weight.load");
    bytes32 internal constant WEIGHT_LOCALITY = keccak256("weight.locality");

    bytes32 internal constant THRESHOLD_COMPUTE_MIN_VRAM_BYTES = keccak256("threshold.compute.minVramBytes");
    bytes32 internal constant THRESHOLD_COMPUTE_MIN_CPU_MILLIS = keccak256("threshold.compute.minCpuMillis");
    bytes32 internal constant THRESHOLD_COMPUTE_MIN_BANDWIDTH_BPS = keccak256("threshold.compute.minBandwidthBps");
    bytes32 internal constant THRESHOLD_EXECUTION_MIN_VRAM_BYTES = keccak256("threshold.execution.minVramBytes");
    bytes32 internal constant THRESHOLD_EXECUTION_MIN_CPU_MILLIS = keccak256("threshold.execution.minCpuMillis");
    bytes32 internal constant THRESHOLD_EXECUTION_MIN_BANDWIDTH_BPS =
        keccak256("threshold.execution.minBandwidthBps");
    bytes32 internal constant THRESHOLD_COORDINATION_MIN_VRAM_BYTES =
        keccak256("threshold.coordination.minVramBytes");
    bytes32 internal constant THRESHOLD_COORDINATION_MIN_CPU_MILLIS =
        keccak256("threshold.coordination.minCpuMillis");
    bytes32 internal constant THRESHOLD_COORDINATION_MIN_BANDWIDTH_BPS =
        keccak256("threshold.coordination.minBandwidthBps");
    bytes32 internal constant THRESHOLD_VERIFICATION_MIN_VRAM_BYTES =
        keccak256("threshold.verification.minVramBytes");
    bytes32 internal constant THRESHOLD_VERIFICATION_MIN_CPU_MILLIS =
        keccak256("threshold.verification.minCpuMillis");
    bytes32 internal constant THRESHOLD_VERIFICATION_MIN_BANDWIDTH_BPS =
        keccak256("threshold.verification.minBandwidthBps");

    bytes32 internal constant RATE_SESSIONS_PER_WINDOW = keccak256("rate.sessionsPerWindow");
    bytes32 internal constant RATE_WINDOW_SECONDS = keccak256("rate.windowSeconds");
    bytes32 internal constant RATE_STEPS_PER_SECOND = keccak256("rate.stepsPerSecond");

    bytes32 internal constant STAKE_MIN_OPERATOR = keccak256("stake.minOperator");
    bytes32 internal constant STAKE_MIN_VERIFIER = keccak256("stake.minVerifier");
    bytes32 internal constant STAKE_UNBONDING_PERIOD = keccak256("stake.unbondingPeriod");

    bytes32 internal constant VERIFY_SAMPLE_RATE_BPS = keccak256("verify.sampleRateBps");
    bytes32 internal constant VERIFY_QUORUM = keccak256("verify.quorum");

    bytes32 internal constant ESCROW_CHALLENGE_WINDOW = keccak256("escrow.challengeWindow");
    bytes32 internal constant ESCROW_CLAIM_GRACE_PERIOD = keccak256("escrow.claimGracePeriod");

    bytes32 internal constant SLASH_FRACTION_BPS = keccak256("slash.fractionBps");
    bytes32 internal constant SLASH_CHALLENGER_BPS = keccak256("slash.challengerBps");
    bytes32 internal constant SLASH_CLIENT_BPS = keccak256("slash.clientBps");
    bytes32 internal constant SLASH_BURN_BPS = keccak256("slash.burnBps");

    bytes32 internal constant FEE_PROTOCOL_BPS = keccak256("fee.protocolBps");
}
