// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title The read side of MeshParams that the other contracts use.
interface IMeshParams {
    /// @notice A parameter changed (also emitted once per key at deployment with oldValue 0).
    event ParamChanged(bytes32 indexed key, uint256 oldValue, uint256 newValue);

    /// @notice The current value of `key` (`keccak256(bytes(name))`).
    function value(bytes32 key) external view returns (uint256);
}
