// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {MeshParams} from "../src/MeshParams.sol";
import {ParamKeys} from "../src/ParamKeys.sol";
import {vm} from "./utils/Vm.sol";

contract MeshParamsTest {
    MeshParams internal params;

    event ParamChanged(bytes32 indexed key, uint256 oldValue, uint256 newValue);

    function setUp() public {
        params = new MeshParams(address(this), new bytes32[](0), new uint256[](0));
    }

    function test_defaultsAreListed() public view {
        (bytes32[] memory keys, uint256[] memory values) = params.allParams();
        require(keys.length == 32, "32 params");
        require(keys[0] == keccak256("weight.price") && values[0] == 3000, "first is weight.price");
        require(params.value(ParamKeys.VERIFY_QUORUM) == 2, "quorum default");
    }

    /// @dev Any known key accepts exactly the values within its bounds.
    function testFuzz_setParamRespectsBounds(uint8 index, uint256 v) public {
        (bytes32[] memory keys,) = params.allParams();
        bytes32 key = keys[index % keys.length];
        if (key == ParamKeys.SLASH_CHALLENGER_BPS || key == ParamKeys.SLASH_CLIENT_BPS || key == ParamKeys.SLASH_BURN_BPS) {
            return; // the split is covered by its own tests
        }
        (uint256 min, uint256 max) = params.bounds(key);
        if (v < min || v > max) {
            vm.expectRevert(abi.encodeWithSelector(MeshParams.MeshParamsOutOfBounds.selector, key, v, min, max));
            params.setParam(key, v);
        } else {
            params.setParam(key, v);
            require(params.value(key) == v, "value stored");
        }
    }

    function testFuzz_unknownKeyRejected(bytes32 key) public {
        (bytes32[] memory keys,) = params.allParams();
        for (uint256 i; i < keys.length; ++i) {
            vm.assume(keys[i] != key);
        }
        vm.expectRevert(abi.encodeWithSelector(MeshParams.MeshParamsUnknownKey.selector, key));
        params.setParam(key, 1);
        vm.expectRevert(abi.encodeWithSelector(MeshParams.MeshParamsUnknownKey.selector, key));
        params.value(key);
    }

    function testFuzz_onlyOwnerSets(address caller, uint256 v) public {
        vm.assume(caller != address(this));
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, caller));
        params.setParam(ParamKeys.WEIGHT_PRICE, v % 10_001);
        bytes32[] memory keys = new bytes32[](1);
        uint256[] memory values = new uint256[](1);
        keys[0] = ParamKeys.WEIGHT_PRICE;
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, caller));
        params.setParams(keys, values);
    }

    function test_setParamEmitsEvent() public {
        vm.expectEmit(true, false, false, true);
        emit ParamChanged(ParamKeys.WEIGHT_LATENCY, 2500, 1234);
        params.setParam(ParamKeys.WEIGHT_LATENCY, 1234);
        require(params.value(ParamKeys.WEIGHT_LATENCY) == 1234, "set");
    }

    function test_splitMustSumTo10000() public {
        vm.expectRevert(abi.encodeWithSelector(MeshParams.MeshParamsSplitInvalid.selector, 10_001));
        params.setParam(ParamKeys.SLASH_BURN_BPS, 2001);
        bytes32[] memory keys = new bytes32[](3);
        uint256[] memory values = new uint256[](3);
        (keys[0], values[0]) = (ParamKeys.SLASH_CHALLENGER_BPS, 7000);
        (keys[1], values[1]) = (ParamKeys.SLASH_CLIENT_BPS, 3000);
        (keys[2], values[2]) = (ParamKeys.SLASH_BURN_BPS, 0);
        params.setParams(keys, values);
        require(params.value(ParamKeys.SLASH_CHALLENGER_BPS) == 7000, "split set");
    }

    function testFuzz_splitInvariant(uint16 a, uint16 b, uint16 c) public {
        bytes32[] memory keys = new bytes32[](3);
        uint256[] memory values = new uint256[](3);
        (keys[0], values[0]) = (ParamKeys.SLASH_CHALLENGER_BPS, a % 10_001);
        (keys[1], values[1]) = (ParamKeys.SLASH_CLIENT_BPS, b % 10_001);
        (keys[2], values[2]) = (ParamKeys.SLASH_BURN_BPS, c % 10_001);
        uint256 sum = values[0] + values[1] + values[2];
        if (sum != 10_000) vm.expectRevert(abi.encodeWithSelector(MeshParams.MeshParamsSplitInvalid.selector, sum));
        params.setParams(keys, values);
        uint256 after_ = params.value(ParamKeys.SLASH_CHALLENGER_BPS) + params.value(ParamKeys.SLASH_CLIENT_BPS)
            + params.value(ParamKeys.SLASH_BURN_BPS);
        require(after_ == 10_000, "split always sums to 10000");
    }

    function test_lengthMismatch() public {
        vm.expectRevert(abi.encodeWithSelector(MeshParams.MeshParamsLengthMismatch.selector, 1, 0));
        params.setParams(new bytes32[](1), new uint256[](0));
    }

    function test_constructorChecksOverrides() public {
        bytes32[] memory keys = new bytes32[](1);
        uint256[] memory values = new uint256[](1);
        (keys[0], values[0]) = (ParamKeys.WEIGHT_PRICE, 10_001);
        vm.expectRevert(
            abi.encodeWithSelector(MeshParams.MeshParamsOutOfBounds.selector, ParamKeys.WEIGHT_PRICE, 10_001, 0, 10_000)
        );
        new MeshParams(address(this), keys, values);
    }
}
