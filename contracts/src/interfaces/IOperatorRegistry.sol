// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title What SessionEscrow (and off-chain readers) need from OperatorRegistry.
interface IOperatorRegistry {
    /// @notice Registered, bonded stake ≥ `stake.minOperator`, so it may claim vouchers.
    function isActiveOperator(address operator) external view returns (bool);

    /// @notice Registered with the verification role and bonded stake ≥ `stake.minVerifier`.
    function isActiveVerifier(address operator) external view returns (bool);

    /// @notice The operator's id (≥ 1) when it is an active operator, else 0. One call for the claim path.
    function activeOperatorId(address operator) external view returns (uint32);

    /// @notice The operator's id (≥ 1) if registered, else 0.
    function operatorId(address operator) external view returns (uint32);

    /// @notice The account registered under `id` (zero address if none).
    function operatorOf(uint32 id) external view returns (address);

    /// @notice Take `fractionBps` of the operator's stake (bonded first, then unbonding) and send it
    ///         to the caller. Only SessionEscrow, on an upheld challenge.
    function slash(address operator, uint256 fractionBps) external returns (uint256 slashed);

    /// @notice Count `count` settled leases for the operator. Only SessionEscrow.
    function recordSettled(address operator, uint64 count) external;
}
