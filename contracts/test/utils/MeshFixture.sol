// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {MeshParams} from "../../src/MeshParams.sol";
import {Attestation, Receipt, Voucher} from "../../src/MeshTypes.sol";
import {OperatorRegistry} from "../../src/OperatorRegistry.sol";
import {PadToken} from "../../src/PadToken.sol";
import {ParamKeys} from "../../src/ParamKeys.sol";
import {SessionEscrow} from "../../src/SessionEscrow.sol";
import {IMeshParams} from "../../src/interfaces/IMeshParams.sol";
import {IOperatorRegistry} from "../../src/interfaces/IOperatorRegistry.sol";
import {vm} from "./Vm.sol";

/// @dev Deploys the settlement contracts with devnet-like parameters; the deployer (this
///      contract) owns MeshParams and holds the PAD supply. Signing helpers use `vm.sign`.
abstract contract MeshFixture {
    uint256 internal constant PAD = 1e18;
    uint256 internal constant WINDOW = 60;
    uint256 internal constant GRACE = 120;
    address internal constant FEES = address(0xFEE5);

    PadToken internal token;
    MeshParams internal params;
    OperatorRegistry internal registry;
    SessionEscrow internal escrow;

    function _deployMesh(address tokenOverride) internal {
        if (tokenOverride == address(0)) token = new PadToken(address(this), 1e9 * PAD);
        bytes32[] memory keys = new bytes32[](6);
        uint256[] memory values = new uint256[](6);
        (keys[0], values[0]) = (ParamKeys.STAKE_MIN_OPERATOR, 100 * PAD);
        (keys[1], values[1]) = (ParamKeys.STAKE_MIN_VERIFIER, 200 * PAD);
        (keys[2], values[2]) = (ParamKeys.VERIFY_QUORUM, 1);
        (keys[3], values[3]) = (ParamKeys.ESCROW_CHALLENGE_WINDOW, WINDOW);
        (keys[4], values[4]) = (ParamKeys.ESCROW_CLAIM_GRACE_PERIOD, GRACE);
        (keys[5], values[5]) = (ParamKeys.STAKE_UNBONDING_PERIOD, 100);
        params = new MeshParams(address(this), keys, values);
        IERC20 t = tokenOverride == address(0) ? IERC20(address(token)) : IERC20(tokenOverride);
        registry = new OperatorRegistry(t, IMeshParams(address(params)));
        escrow = new SessionEscrow(t, IMeshParams(address(params)), IOperatorRegistry(address(registry)), FEES);
        registry.setEscrow(address(escrow));
    }

    function _sign(uint256 pk, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(pk, digest);
        return abi.encodePacked(r, s, v);
    }

    function _voucher(bytes32 sessionId, bytes32 leaseId, address operator, uint256 cumulative)
        internal
        pure
        returns (Voucher memory)
    {
        return Voucher({
            sessionId: sessionId,
            leaseId: leaseId,
            operator: operator,
            cumulativeAmount: cumulative,
            lastReceiptHash: keccak256(abi.encode(leaseId, cumulative)),
            receiptCount: uint64(cumulative % 1000) + 1
        });
    }

    function _receipt(bytes32 sessionId, bytes32 leaseId, uint64 sequence) internal pure returns (Receipt memory r) {
        r.sessionId = sessionId;
        r.leaseId = leaseId;
        r.role = 1;
        r.sequence = sequence;
        r.moduleHash = keccak256("module");
        r.inputHash = keccak256(abi.encode("input", sequence));
        r.outputHash = keccak256(abi.encode("output", sequence));
        r.stateRootBefore = keccak256(abi.encode("before", sequence));
        r.stateRootAfter = keccak256(abi.encode("after", sequence));
        r.fuelUsed = 1000 + sequence;
        r.pricePerFuel = 5;
        r.timestampMs = 1_700_000_000_000 + sequence;
    }

    function _mismatch(Receipt memory r, bytes32 receiptHash) internal pure returns (Attestation memory a) {
        a.receiptHash = receiptHash;
        a.sessionId = r.sessionId;
        a.leaseId = r.leaseId;
        a.sequence = r.sequence;
        a.outputHash = keccak256(abi.encode("correct", r.outputHash));
        a.stateRootAfter = r.stateRootAfter;
        a.fuelUsed = r.fuelUsed;
        a.status = r.status;
        a.mismatch = true;
    }
}
