// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @dev The few cheatcodes PadMesh's Solidity tests use (forge-std is not available offline).
interface Vm {
    function warp(uint256 timestamp) external;
    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);
    function addr(uint256 privateKey) external pure returns (address);
    function expectRevert(bytes4 selector) external;
    function expectRevert(bytes calldata revertData) external;
    function expectRevert() external;
    function assume(bool condition) external pure;
    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData) external;
}

Vm constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
