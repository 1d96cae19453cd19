// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Attestation, Receipt, Voucher} from "../src/MeshTypes.sol";
import {SessionEscrow} from "../src/SessionEscrow.sol";
import {MeshFixture} from "./utils/MeshFixture.sol";
import {ReentrantToken} from "./utils/ReentrantToken.sol";
import {vm} from "./utils/Vm.sol";

/// @dev Every external function that moves tokens is entered again from inside the token
///      transfer it makes; the inner call must fail on the reentrancy guard (and only on it:
///      the chosen inner calls would otherwise succeed or fail differently).
contract ReentrancyTest is MeshFixture {
    ReentrantToken internal hostile;
    uint256 internal constant OPERATOR_PK = 0xA1;
    uint256 internal constant VERIFIER_PK = 0xB1;
    uint256 internal constant SESSION_PK = 0xC1;
    address internal operator;
    address internal verifier;
    bytes32 internal constant SID = keccak256("s");

    function setUp() public {
        hostile = new ReentrantToken();
        _deployMesh(address(hostile));
        operator = vm.addr(OPERATOR_PK);
        verifier = vm.addr(VERIFIER_PK);
        hostile.transfer(operator, 10_000 * PAD);
        hostile.transfer(verifier, 10_000 * PAD);
        vm.startPrank(operator);
        hostile.approve(address(registry), type(uint256).max);
        registry.register("op", 1, 1000 * PAD);
        vm.stopPrank();
        vm.startPrank(verifier);
        hostile.approve(address(registry), type(uint256).max);
        registry.register("ver", 8, 1000 * PAD);
        vm.stopPrank();
        hostile.approve(address(escrow), type(uint256).max);
        escrow.openSession(SID, 1000 * PAD, vm.addr(SESSION_PK), 1);
    }

    function _expectGuardTripped() internal view {
        require(hostile.attempted(), "re-entry attempted");
        bytes memory ret = hostile.lastRevert();
        require(ret.length >= 4, "inner call reverted");
        bytes4 sel;
        assembly {
            sel := mload(add(ret, 32))
        }
        require(sel == ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector, "blocked by the guard");
    }

    function _armEscrow() internal {
        hostile.arm(address(escrow), abi.encodeCall(SessionEscrow.sweepFees, ()));
    }

    function _claim(bytes32 lease, uint256 amount) internal {
        Voucher memory v = _voucher(SID, lease, operator, amount);
        bytes memory sig = _sign(SESSION_PK, escrow.hashVoucher(v));
        vm.prank(operator);
        escrow.claim(v, sig);
    }

    function test_sweepFeesWouldSucceedUnguarded() public {
        escrow.sweepFees(); // the inner call used below is harmless on its own
    }

    function test_openSessionIsGuarded() public {
        _armEscrow();
        escrow.openSession(keccak256("s2"), PAD, address(1), 1);
        _expectGuardTripped();
    }

    function test_openSessionWithPermitIsGuarded() public {
        _armEscrow();
        // the hostile token has no permit: the failed permit is ignored and the allowance used
        escrow.openSessionWithPermit(keccak256("s3"), PAD, address(1), 1, 0, 0, bytes32(0), bytes32(0));
        _expectGuardTripped();
    }

    function test_topUpIsGuarded() public {
        _armEscrow();
        escrow.topUp(SID, PAD);
        _expectGuardTripped();
    }

    function test_finalizeIsGuarded() public {
        _claim(keccak256("l"), 10 * PAD);
        vm.warp(block.timestamp + WINDOW);
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = keccak256("l");
        _armEscrow();
        escrow.finalize(SID, ids);
        _expectGuardTripped();
    }

    function test_withdrawRemainingIsGuarded() public {
        escrow.closeSession(SID);
        vm.warp(block.timestamp + GRACE + 1);
        _armEscrow();
        escrow.withdrawRemaining(SID);
        _expectGuardTripped();
    }

    function test_sweepFeesIsGuarded() public {
        _claim(keccak256("l"), 100 * PAD);
        vm.warp(block.timestamp + WINDOW);
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = keccak256("l");
        escrow.finalize(SID, ids);
        _armEscrow();
        escrow.sweepFees();
        _expectGuardTripped();
    }

    function test_challengeIsGuarded() public {
        bytes32 lease = keccak256("l");
        _claim(lease, 10 * PAD);
        Receipt memory r = _receipt(SID, lease, 1);
        bytes32 h = escrow.hashReceipt(r);
        bytes memory opSig = _sign(OPERATOR_PK, h);
        Attestation memory a = _mismatch(r, h);
        bytes memory vSig = _sign(VERIFIER_PK, escrow.hashAttestation(a));
        _armEscrow();
        require(escrow.challenge(r, opSig, a, vSig), "upheld");
        _expectGuardTripped();
    }

    function test_registryTransfersAreGuarded() public {
        // addStake: the inner withdrawUnbonded would fail with NothingUnbonding if unguarded
        hostile.arm(address(registry), abi.encodeWithSignature("withdrawUnbonded()"));
        vm.prank(operator);
        registry.addStake(PAD);
        _expectGuardTripped();
        // withdrawUnbonded re-entered through addStake
        vm.prank(operator);
        registry.requestUnbond(PAD);
        vm.warp(block.timestamp + 100);
        hostile.arm(address(registry), abi.encodeWithSignature("addStake(uint256)", 1));
        vm.prank(operator);
        registry.withdrawUnbonded();
        _expectGuardTripped();
        // register
        address newcomer = vm.addr(0xE1);
        hostile.transfer(newcomer, 1000 * PAD);
        vm.prank(newcomer);
        hostile.approve(address(registry), type(uint256).max);
        hostile.arm(address(registry), abi.encodeWithSignature("withdrawUnbonded()"));
        vm.prank(newcomer);
        registry.register("newcomer", 1, 500 * PAD);
        _expectGuardTripped();
    }
}
