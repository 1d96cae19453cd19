// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title MeshTimelock: the TimelockController that owns MeshParams
/// @notice Proposer and canceller: the MeshGovernor. Executor: anyone (address(0)) by default.
///         Admin: the timelock itself once deployment is done (deployMesh renounces the
///         deployer's temporary admin role after granting the governor its roles).
contract MeshTimelock is TimelockController {
    /// @param minDelay seconds between queue and execute
    /// @param proposers accounts that may schedule (the governor)
    /// @param executors accounts that may execute (address(0) = anyone)
    /// @param admin optional temporary admin (zero for none)
    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors, address admin)
        TimelockController(minDelay, proposers, executors, admin)
    {}
}
