// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {OperatorRegistry} from "../src/OperatorRegistry.sol";
import {ParamKeys} from "../src/ParamKeys.sol";
import {MeshFixture} from "./utils/MeshFixture.sol";
import {vm} from "./utils/Vm.sol";

contract OperatorRegistryTest is MeshFixture {
    address internal alice = address(0xA11CE);
    address internal bob = address(0xB0B);

    function setUp() public {
        _deployMesh(address(0));
        token.transfer(alice, 1_000_000 * PAD);
        token.transfer(bob, 1_000_000 * PAD);
        vm.prank(alice);
        token.approve(address(registry), type(uint256).max);
        vm.prank(bob);
        token.approve(address(registry), type(uint256).max);
    }

    function _register(address who, uint8 roles, uint256 amount) internal {
        vm.prank(who);
        registry.register(string(abi.encodePacked("peer-", who)), roles, amount);
    }

    function test_registerAndViews() public {
        _register(alice, 1 | 8, 300 * PAD);
        require(registry.isActiveOperator(alice), "active operator");
        require(registry.isActiveVerifier(alice), "active verifier");
        require(registry.stakeOf(alice) == 300 * PAD, "stake");
        require(registry.totalStaked() == 300 * PAD, "total");
        require(registry.operatorId(alice) == 1 && registry.operatorOf(1) == alice, "id");
        require(registry.operatorOfPeer(string(abi.encodePacked("peer-", alice))) == alice, "peer binding");
    }

    function test_registerRejects() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(OperatorRegistry.OperatorRegistryStakeTooLow.selector, 150 * PAD, 200 * PAD));
        registry.register("p", 8, 150 * PAD);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(OperatorRegistry.OperatorRegistryInvalidRoles.selector, 16));
        registry.register("p", 16, 150 * PAD);
        vm.prank(alice);
        vm.expectRevert(OperatorRegistry.OperatorRegistryInvalidPeerId.selector);
        registry.register("", 1, 150 * PAD);
        _register(alice, 1, 100 * PAD);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(OperatorRegistry.OperatorRegistryAlreadyRegistered.selector, alice));
        registry.register("q", 1, 100 * PAD);
        vm.prank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(
                OperatorRegistry.OperatorRegistryPeerIdTaken.selector, string(abi.encodePacked("peer-", alice)), alice
            )
        );
        registry.register(string(abi.encodePacked("peer-", alice)), 1, 100 * PAD);
    }

    function test_unbondingDelay() public {
        _register(alice, 1, 500 * PAD);
        vm.prank(alice);
        registry.requestUnbond(450 * PAD);
        require(!registry.isActiveOperator(alice), "below minimum after unbonding");
        require(registry.stakeOf(alice) == 500 * PAD, "unbonding still at stake");
        vm.prank(alice);
        vm.expectRevert();
        registry.withdrawUnbonded();
        vm.warp(block.timestamp + 100);
        uint256 before = token.balanceOf(alice);
        vm.prank(alice);
        registry.withdrawUnbonded();
        require(token.balanceOf(alice) - before == 450 * PAD, "withdrawn");
        require(registry.totalStaked() == 50 * PAD, "total after withdraw");
        vm.prank(alice);
        vm.expectRevert(OperatorRegistry.OperatorRegistryNothingUnbonding.selector);
        registry.withdrawUnbonded();
    }

    function test_rolesAndPeerId() public {
        _register(alice, 1, 150 * PAD);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(OperatorRegistry.OperatorRegistryStakeTooLow.selector, 150 * PAD, 200 * PAD));
        registry.setRoles(9);
        vm.prank(alice);
        registry.addStake(50 * PAD);
        vm.prank(alice);
        registry.setRoles(9);
        require(registry.isActiveVerifier(alice), "verifier now");
        vm.prank(alice);
        registry.setPeerId("new-peer");
        require(registry.operatorOfPeer("new-peer") == alice, "rebound");
        require(registry.operatorOfPeer(string(abi.encodePacked("peer-", alice))) == address(0), "old released");
    }

    /// @dev Access control: only the escrow slashes or records settlements; setEscrow once, by the admin.
    function testFuzz_escrowHooksAreGuarded(address caller) public {
        vm.assume(caller != address(escrow));
        _register(alice, 1, 100 * PAD);
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(OperatorRegistry.OperatorRegistryNotEscrow.selector, caller));
        registry.slash(alice, 1000);
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(OperatorRegistry.OperatorRegistryNotEscrow.selector, caller));
        registry.recordSettled(alice, 1);
        vm.expectRevert(abi.encodeWithSelector(OperatorRegistry.OperatorRegistryEscrowAlreadySet.selector, address(escrow)));
        registry.setEscrow(caller);
    }

    /// @dev Slashing never takes more than bonded + unbonding, takes bonded first, and keeps
    ///      totalStaked equal to the registry's PAD balance.
    function testFuzz_slashNeverExceedsStake(uint96 amount, uint96 unbond, uint16 bps) public {
        uint256 stake = 200 * PAD + uint256(amount) % (500_000 * PAD);
        uint256 toUnbond = uint256(unbond) % (stake + 1);
        uint256 fraction = uint256(bps) % 10_001;
        _register(alice, 1, stake);
        if (toUnbond != 0) {
            vm.prank(alice);
            registry.requestUnbond(toUnbond);
        }
        uint256 before = registry.stakeOf(alice);
        vm.prank(address(escrow));
        uint256 slashed = registry.slash(alice, fraction);
        require(slashed <= before, "slash exceeds stake");
        require(slashed == (before * fraction) / 10_000, "slash amount");
        require(registry.stakeOf(alice) == before - slashed, "stake reduced by slash");
        require(token.balanceOf(address(escrow)) == slashed, "slashed PAD sent to escrow");
        require(token.balanceOf(address(registry)) == registry.totalStaked(), "balance == totalStaked");
        (, uint64 lost) = registry.quality(alice);
        require(lost == 1, "challenge lost counted");
    }

    function test_slashRejectsOverFraction() public {
        _register(alice, 1, 100 * PAD);
        vm.prank(address(escrow));
        vm.expectRevert(abi.encodeWithSelector(OperatorRegistry.OperatorRegistryFractionTooHigh.selector, 10_001));
        registry.slash(alice, 10_001);
    }

    function test_minimumFollowsGovernance() public {
        _register(alice, 1, 100 * PAD);
        require(registry.isActiveOperator(alice), "active");
        params.setParam(ParamKeys.STAKE_MIN_OPERATOR, 101 * PAD);
        require(!registry.isActiveOperator(alice), "inactive once the minimum rises");
        require(registry.activeOperatorId(alice) == 0, "no claim id");
    }
}
