// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Attestation, Receipt, Voucher} from "../src/MeshTypes.sol";
import {OperatorRegistry} from "../src/OperatorRegistry.sol";
import {PadToken} from "../src/PadToken.sol";
import {SessionEscrow} from "../src/SessionEscrow.sol";
import {MeshFixture} from "./utils/MeshFixture.sol";
import {vm} from "./utils/Vm.sol";

/// @dev Drives the escrow and registry with random but well-formed actions: sessions opened,
///      topped up, closed and withdrawn; vouchers claimed (valid ones and forged ones), claims
///      finalized and challenged; stake added, unbonded and withdrawn; time moving on. Ghost
///      variables record what must hold, for the invariants to check.
contract EscrowHandler is MeshFixture {
    uint256 internal constant N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    uint256[3] internal opPks = [uint256(0xA1), 0xA2, 0xA3];
    uint256[2] internal verifierPks = [uint256(0xB1), 0xB2];
    address[] public actors;

    bytes32[] public sessionIds;
    mapping(bytes32 sid => uint256) internal sessionPk;
    mapping(bytes32 sid => mapping(bytes32 lease => uint256)) internal leaseOpIdx; // index + 1

    /// @notice Sum of session `claimed` the escrow should report: valid increases minus voided claims.
    uint256 public ghostClaimed;
    bool public forgedAccepted;
    bool public slashExceeded;
    uint256 public calls;
    uint256 public claimsOk;
    uint256 public finalizedOk;
    uint256 public upheldOk;
    uint256 public withdrawnOk;

    constructor(PadToken token_, OperatorRegistry registry_, SessionEscrow escrow_) {
        token = token_;
        registry = registry_;
        escrow = escrow_;
    }

    function init() external {
        token.approve(address(escrow), type(uint256).max);
        for (uint256 i; i < opPks.length; ++i) _enrol(opPks[i], 1, 1000 * PAD);
        for (uint256 i; i < verifierPks.length; ++i) _enrol(verifierPks[i], 8, 1000 * PAD);
    }

    function _enrol(uint256 pk, uint8 roles, uint256 amount) internal {
        address who = vm.addr(pk);
        actors.push(who);
        token.transfer(who, 100_000 * PAD);
        vm.startPrank(who);
        token.approve(address(registry), type(uint256).max);
        registry.register(string(abi.encodePacked("peer-", who)), roles, amount);
        vm.stopPrank();
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function sessionCount() external view returns (uint256) {
        return sessionIds.length;
    }

    function _bound(uint256 x, uint256 lo, uint256 hi) internal pure returns (uint256) {
        return lo + (x % (hi - lo + 1));
    }

    function _session(uint256 seed) internal view returns (bytes32 sid, bool ok) {
        if (sessionIds.length == 0) return (bytes32(0), false);
        return (sessionIds[seed % sessionIds.length], true);
    }

    // ------------------------------------------------------------------ actions

    function openSession(uint256 seed, uint256 deposit) external {
        calls++;
        bytes32 sid = keccak256(abi.encode(seed, sessionIds.length));
        uint256 pk = 1 + (uint256(keccak256(abi.encode(sid))) % (N - 1));
        escrow.openSession(sid, _bound(deposit, 1, 1000 * PAD), vm.addr(pk), 1);
        sessionIds.push(sid);
        sessionPk[sid] = pk;
    }

    function topUp(uint256 s, uint256 amount) external {
        calls++;
        (bytes32 sid, bool ok) = _session(s);
        if (!ok) return;
        try escrow.topUp(sid, _bound(amount, 1, 100 * PAD)) {} catch {}
    }

    function claim(uint256 s, uint256 leaseSeed, uint256 opSeed, uint256 amount) external {
        calls++;
        (bytes32 sid, bool ok) = _session(s);
        if (!ok) return;
        bytes32 lease = keccak256(abi.encode(leaseSeed % 6));
        uint256 opIdx = opSeed % opPks.length;
        address op = vm.addr(opPks[opIdx]);
        (, uint256 current,,,,) = escrow.claims(sid, lease);
        uint256 cumulative = current + _bound(amount, 1, 200 * PAD);
        Voucher memory v = _voucher(sid, lease, op, cumulative);
        bytes memory sig = _sign(sessionPk[sid], escrow.hashVoucher(v));
        vm.prank(op);
        try escrow.claim(v, sig) {
            ghostClaimed += cumulative - current;
            claimsOk++;
            leaseOpIdx[sid][lease] = opIdx + 1;
        } catch {}
    }

    /// @dev Vouchers signed by anyone but the session key must never be accepted.
    function claimForged(uint256 s, uint256 leaseSeed, uint256 opSeed, uint256 forgerPk) external {
        calls++;
        (bytes32 sid, bool ok) = _session(s);
        if (!ok) return;
        forgerPk = 1 + (forgerPk % (N - 1));
        if (forgerPk == sessionPk[sid]) return;
        address op = vm.addr(opPks[opSeed % opPks.length]);
        bytes32 lease = keccak256(abi.encode(leaseSeed % 6));
        (, uint256 current,,,,) = escrow.claims(sid, lease);
        Voucher memory v = _voucher(sid, lease, op, current + 1);
        bytes memory sig = _sign(forgerPk, escrow.hashVoucher(v));
        vm.prank(op);
        try escrow.claim(v, sig) {
            forgedAccepted = true;
        } catch {}
    }

    function finalize(uint256 s, uint256 leaseSeed) external {
        calls++;
        (bytes32 sid, bool ok) = _session(s);
        if (!ok) return;
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = keccak256(abi.encode(leaseSeed % 6));
        try escrow.finalize(sid, ids) {
            finalizedOk++;
        } catch {}
    }

    function challenge(uint256 s, uint256 leaseSeed, uint256 verifierSeed, uint64 sequence) external {
        calls++;
        (bytes32 sid, bool ok) = _session(s);
        if (!ok) return;
        bytes32 lease = keccak256(abi.encode(leaseSeed % 6));
        uint256 opIdx = leaseOpIdx[sid][lease];
        if (opIdx == 0) return;
        address op = vm.addr(opPks[opIdx - 1]);
        Receipt memory r = _receipt(sid, lease, sequence);
        bytes32 h = escrow.hashReceipt(r);
        bytes memory opSig = _sign(opPks[opIdx - 1], h);
        Attestation memory a = _mismatch(r, h);
        bytes memory vSig = _sign(verifierPks[verifierSeed % verifierPks.length], escrow.hashAttestation(a));
        (, uint256 cumulative,,,,) = escrow.claims(sid, lease);
        uint256 stakeBefore = registry.stakeOf(op);
        try escrow.challenge(r, opSig, a, vSig) returns (bool upheld) {
            if (upheld) {
                ghostClaimed -= cumulative;
                upheldOk++;
                uint256 stakeAfter = registry.stakeOf(op);
                if (stakeAfter > stakeBefore) slashExceeded = true;
            }
        } catch {}
    }

    function closeSession(uint256 s) external {
        calls++;
        (bytes32 sid, bool ok) = _session(s);
        if (!ok) return;
        try escrow.closeSession(sid) {} catch {}
    }

    function withdrawRemaining(uint256 s) external {
        calls++;
        (bytes32 sid, bool ok) = _session(s);
        if (!ok) return;
        try escrow.withdrawRemaining(sid) {
            withdrawnOk++;
        } catch {}
    }

    function sweepFees() external {
        calls++;
        escrow.sweepFees();
    }

    function addStake(uint256 who, uint256 amount) external {
        calls++;
        vm.prank(actors[who % actors.length]);
        try registry.addStake(_bound(amount, 1, 500 * PAD)) {} catch {}
    }

    function requestUnbond(uint256 who, uint256 amount) external {
        calls++;
        vm.prank(actors[who % actors.length]);
        try registry.requestUnbond(_bound(amount, 1, 300 * PAD)) {} catch {}
    }

    function withdrawUnbonded(uint256 who) external {
        calls++;
        vm.prank(actors[who % actors.length]);
        try registry.withdrawUnbonded() {} catch {}
    }

    function warp(uint256 secs) external {
        calls++;
        vm.warp(block.timestamp + _bound(secs, 1, 150));
    }
}

contract EscrowInvariantTest is MeshFixture {
    EscrowHandler internal handler;

    function setUp() public {
        _deployMesh(address(0));
        handler = new EscrowHandler(token, registry, escrow);
        token.transfer(address(handler), 100_000_000 * PAD);
        handler.init();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @dev Escrow solvency: PAD held ≥ open deposits + pending claims (deposit − paid per
    ///      session) + accrued fees; with no stray transfers in, exactly equal.
    function invariant_escrowSolvent() public view {
        uint256 owed = escrow.accruedFees();
        uint256 n = handler.sessionCount();
        for (uint256 i; i < n; ++i) {
            bytes32 sid = handler.sessionIds(i);
            (,, uint256 deposit, uint256 claimed,,) = escrow.sessions(sid);
            (uint256 pending,,) = escrow.sessionStatus(sid);
            require(pending <= claimed && claimed <= deposit, "pending <= claimed <= deposit");
            owed += deposit - (claimed - pending);
        }
        uint256 held = token.balanceOf(address(escrow));
        require(held >= owed, "escrow insolvent");
        require(held == owed, "escrow accounting drift");
    }

    /// @dev Total stake accounting: totalStaked is the sum of every stake and what the registry holds.
    function invariant_totalStakeAccounting() public view {
        uint256 sum;
        uint256 n = handler.actorCount();
        for (uint256 i; i < n; ++i) {
            sum += registry.stakeOf(handler.actors(i));
        }
        require(sum == registry.totalStaked(), "sum of stakes == totalStaked");
        require(token.balanceOf(address(registry)) == registry.totalStaked(), "registry holds totalStaked");
    }

    /// @dev No payout without a valid voucher signature: forged vouchers never land, and what the
    ///      escrow counts as claimed is exactly what valid vouchers added (less voided claims).
    function invariant_noPayoutWithoutValidVoucher() public view {
        require(!handler.forgedAccepted(), "forged voucher accepted");
        uint256 sum;
        uint256 n = handler.sessionCount();
        for (uint256 i; i < n; ++i) {
            (,,, uint256 claimed,,) = escrow.sessions(handler.sessionIds(i));
            sum += claimed;
        }
        require(sum == handler.ghostClaimed(), "claimed == valid vouchers - voided");
    }

    /// @dev Slashing never exceeds (or adds to) stake.
    function invariant_slashNeverExceedsStake() public view {
        require(!handler.slashExceeded(), "slash exceeded stake");
    }
}
