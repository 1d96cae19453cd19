// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IMeshParams} from "./interfaces/IMeshParams.sol";
import {ParamKeys} from "./ParamKeys.sol";

/// @title MeshParams: every value governance tunes
/// @notice A keyed store of protocol parameters (`key = keccak256(bytes(name))`), each with bounds
///         checked on write and a `ParamChanged` event, so off-chain parts (scheduler, nodes, SDK)
///         hot-reload by watching one event. Owned by the governance Timelock.
/// @dev Invariants: every known key's value lies within its [min, max]; the slash split
///      (`slash.challengerBps + slash.clientBps + slash.burnBps`) is exactly 10000 after every
///      write; unknown keys can never be written. The key set is fixed at deployment.
contract MeshParams is Ownable, IMeshParams {
    struct Bounds {
        uint128 min;
        uint128 max;
    }

    /// @notice `key` is not one of the parameters this contract knows.
    error MeshParamsUnknownKey(bytes32 key);
    /// @notice `value` for `key` is outside `[min, max]`.
    error MeshParamsOutOfBounds(bytes32 key, uint256 value, uint256 min, uint256 max);
    /// @notice The slash split does not add up to 10000 bps after a write.
    error MeshParamsSplitInvalid(uint256 sum);
    /// @notice `keys` and `values` have different lengths.
    error MeshParamsLengthMismatch(uint256 keys, uint256 values);

    bytes32[] private _keys;
    mapping(bytes32 key => uint256) private _values;
    mapping(bytes32 key => Bounds) private _bounds;
    mapping(bytes32 key => bool) private _known;

    /// @param initialOwner the Timelock (or, on a devnet, whoever hands over to it)
    /// @param keys parameters to set away from their built-in defaults, bounds-checked
    /// @param values the values for `keys`
    constructor(address initialOwner, bytes32[] memory keys, uint256[] memory values) Ownable(initialOwner) {
        // weights in bps (0..10000); normalised off-chain, need not sum to 10000
        _define(ParamKeys.WEIGHT_PRICE, 3000, 0, 10_000);
        _define(ParamKeys.WEIGHT_LATENCY, 2500, 0, 10_000);
        _define(ParamKeys.WEIGHT_REPUTATION, 2000, 0, 10_000);
        _define(ParamKeys.WEIGHT_LOAD, 1500, 0, 10_000);
        _define(ParamKeys.WEIGHT_LOCALITY, 1000, 0, 10_000);
        // resource thresholds per role
        uint128 maxVram = 1 << 50; // 1 PiB
        uint128 maxCpu = 1_024_000; // 1024 cores
        uint128 maxBw = 1e13; // 10 Tbit/s
        _define(ParamKeys.THRESHOLD_COMPUTE_MIN_VRAM_BYTES, 0, 0, maxVram);
        _define(ParamKeys.THRESHOLD_COMPUTE_MIN_CPU_MILLIS, 1000, 0, maxCpu);
        _define(ParamKeys.THRESHOLD_COMPUTE_MIN_BANDWIDTH_BPS, 10_000_000, 0, maxBw);
        _define(ParamKeys.THRESHOLD_EXECUTION_MIN_VRAM_BYTES, 0, 0, maxVram);
        _define(ParamKeys.THRESHOLD_EXECUTION_MIN_CPU_MILLIS, 500, 0, maxCpu);
        _define(ParamKeys.THRESHOLD_EXECUTION_MIN_BANDWIDTH_BPS, 10_000_000, 0, maxBw);
        _define(ParamKeys.THRESHOLD_COORDINATION_MIN_VRAM_BYTES, 0, 0, maxVram);
        _define(ParamKeys.THRESHOLD_COORDINATION_MIN_CPU_MILLIS, 500, 0, maxCpu);
        _define(ParamKeys.THRESHOLD_COORDINATION_MIN_BANDWIDTH_BPS, 10_000_000, 0, maxBw);
        _define(ParamKeys.THRESHOLD_VERIFICATION_MIN_VRAM_BYTES, 0, 0, maxVram);
        _define(ParamKeys.THRESHOLD_VERIFICATION_MIN_CPU_MILLIS, 1000, 0, maxCpu);
        _define(ParamKeys.THRESHOLD_VERIFICATION_MIN_BANDWIDTH_BPS, 10_000_000, 0, maxBw);
        // rate limits
        _define(ParamKeys.RATE_SESSIONS_PER_WINDOW, 10, 1, 1_000_000);
        _define(ParamKeys.RATE_WINDOW_SECONDS, 3600, 1, 30 days);
        _define(ParamKeys.RATE_STEPS_PER_SECOND, 50, 1, 1_000_000);
        // staking
        _define(ParamKeys.STAKE_MIN_OPERATOR, 1000 ether, 1, 1e27);
        _define(ParamKeys.STAKE_MIN_VERIFIER, 2000 ether, 1, 1e27);
        _define(ParamKeys.STAKE_UNBONDING_PERIOD, 7 days, 1, 365 days);
        // verification
        _define(ParamKeys.VERIFY_SAMPLE_RATE_BPS, 500, 0, 10_000);
        _define(ParamKeys.VERIFY_QUORUM, 2, 1, 64);
        // escrow
        _define(ParamKeys.ESCROW_CHALLENGE_WINDOW, 1 days, 10, 30 days);
        _define(ParamKeys.ESCROW_CLAIM_GRACE_PERIOD, 1 days, 0, 30 days);
        // slashing
        _define(ParamKeys.SLASH_FRACTION_BPS, 1000, 1, 10_000);
        _define(ParamKeys.SLASH_CHALLENGER_BPS, 5000, 0, 10_000);
        _define(ParamKeys.SLASH_CLIENT_BPS, 3000, 0, 10_000);
        _define(ParamKeys.SLASH_BURN_BPS, 2000, 0, 10_000);
        // fees
        _define(ParamKeys.FEE_PROTOCOL_BPS, 100, 0, 1000);

        _setMany(keys, values);
    }

    /// @notice The current value of `key`.
    /// @dev Reverts `MeshParamsUnknownKey` for a key this contract does not define.
    function value(bytes32 key) external view returns (uint256) {
        if (!_known[key]) revert MeshParamsUnknownKey(key);
        return _values[key];
    }

    /// @notice The bounds `[min, max]` a write to `key` must respect.
    function bounds(bytes32 key) external view returns (uint256 min, uint256 max) {
        if (!_known[key]) revert MeshParamsUnknownKey(key);
        Bounds memory b = _bounds[key];
        return (b.min, b.max);
    }

    /// @notice Every known key and its current value, in definition order.
    function allParams() external view returns (bytes32[] memory keys, uint256[] memory values) {
        keys = _keys;
        values = new uint256[](keys.length);
        for (uint256 i; i < keys.length; ++i) {
            values[i] = _values[keys[i]];
        }
    }

    /// @notice Set one parameter (owner only: the Timelock). Emits `ParamChanged`.
    /// @dev A slash split key alone can only be set to a value that keeps the split at 10000;
    ///      change the split with `setParams` and all three keys.
    function setParam(bytes32 key, uint256 newValue) external onlyOwner {
        _set(key, newValue);
        if (_isSplitKey(key)) _checkSplit();
    }

    /// @notice Set several parameters atomically (owner only). Emits one `ParamChanged` per key.
    /// @dev Bounds are checked per key; the slash split is checked once, after all writes.
    function setParams(bytes32[] calldata keys, uint256[] calldata values) external onlyOwner {
        _setMany(keys, values);
    }

    function _setMany(bytes32[] memory keys, uint256[] memory values) private {
        if (keys.length != values.length) revert MeshParamsLengthMismatch(keys.length, values.length);
        bool split;
        for (uint256 i; i < keys.length; ++i) {
            _set(keys[i], values[i]);
            split = split || _isSplitKey(keys[i]);
        }
        if (split) _checkSplit();
    }

    function _set(bytes32 key, uint256 newValue) private {
        if (!_known[key]) revert MeshParamsUnknownKey(key);
        Bounds memory b = _bounds[key];
        if (newValue < b.min || newValue > b.max) revert MeshParamsOutOfBounds(key, newValue, b.min, b.max);
        uint256 old = _values[key];
        _values[key] = newValue;
        emit ParamChanged(key, old, newValue);
    }

    function _define(bytes32 key, uint256 defaultValue, uint128 min, uint128 max) private {
        _keys.push(key);
        _known[key] = true;
        _bounds[key] = Bounds(min, max);
        _values[key] = defaultValue;
        emit ParamChanged(key, 0, defaultValue);
    }

    function _isSplitKey(bytes32 key) private pure returns (bool) {
        return key == ParamKeys.SLASH_CHALLENGER_BPS || key == ParamKeys.SLASH_CLIENT_BPS
            || key == ParamKeys.SLASH_BURN_BPS;
    }

    function _checkSplit() private view {
        uint256 sum = _values[ParamKeys.SLASH_CHALLENGER_BPS] + _values[ParamKeys.SLASH_CLIENT_BPS]
            + _values[ParamKeys.SLASH_BURN_BPS];
        if (sum != 10_000) revert MeshParamsSplitInvalid(sum);
    }
}
