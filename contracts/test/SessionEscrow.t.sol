// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Attestation, Receipt, Voucher} from "../src/MeshTypes.sol";
import {ParamKeys} from "../src/ParamKeys.sol";
import {SessionEscrow} from "../src/SessionEscrow.sol";
import {MeshFixture} from "./utils/MeshFixture.sol";
import {vm} from "./utils/Vm.sol";

contract SessionEscrowTest is MeshFixture {
    uint256 internal constant SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    uint256 internal constant OPERATOR_PK = 0xA1;
    uint256 internal constant OPERATOR2_PK = 0xA2;
    uint256 internal constant VERIFIER_PK = 0xB1;
    uint256 internal constant VERIFIER2_PK = 0xB2;
    uint256 internal constant SESSION_PK = 0xC1;
    address internal operator;
    address internal operator2;
    address internal verifier;
    address internal verifier2;
    address internal sessionKey;
    bytes32 internal constant SID = keccak256("session");

    function setUp() public {
        _deployMesh(address(0));
        operator = vm.addr(OPERATOR_PK);
        operator2 = vm.addr(OPERATOR2_PK);
        verifier = vm.addr(VERIFIER_PK);
        verifier2 = vm.addr(VERIFIER2_PK);
        sessionKey = vm.addr(SESSION_PK);
        _stake(operator, 1, 1000 * PAD);
        _stake(operator2, 1, 1000 * PAD);
        _stake(verifier, 8, 1000 * PAD);
        _stake(verifier2, 8, 1000 * PAD);
        token.approve(address(escrow), type(uint256).max);
        escrow.openSession(SID, 1000 * PAD, sessionKey, 10);
    }

    function _stake(address who, uint8 roles, uint256 amount) internal {
        token.transfer(who, amount);
        vm.startPrank(who);
        token.approve(address(registry), amount);
        registry.register(string(abi.encodePacked("peer-", who)), roles, amount);
        vm.stopPrank();
    }

    function _claim(address who, bytes32 sid, bytes32 lease, uint256 cumulative) internal {
        _claimExpecting(who, sid, lease, cumulative, "");
    }

    /// @dev Claim a session-key-signed voucher, expecting `err` as the revert data when non-empty.
    function _claimExpecting(address who, bytes32 sid, bytes32 lease, uint256 cumulative, bytes memory err) internal {
        Voucher memory v = _voucher(sid, lease, who, cumulative);
        bytes memory sig = _sign(SESSION_PK, escrow.hashVoucher(v));
        if (err.length != 0) vm.expectRevert(err);
        vm.prank(who);
        escrow.claim(v, sig);
    }

    /// @dev No payout without a valid voucher signature: only the session key's signature is accepted.
    function testFuzz_claimNeedsSessionKeySignature(uint256 pk) public {
        pk = 1 + (pk % (SECP256K1_N - 1));
        Voucher memory v = _voucher(SID, keccak256("lease"), operator, 5 * PAD);
        bytes memory sig = _sign(pk, escrow.hashVoucher(v));
        if (pk != SESSION_PK) {
            vm.expectRevert(
                abi.encodeWithSelector(SessionEscrow.SessionEscrowInvalidVoucherSignature.selector, SID, v.leaseId)
            );
        }
        vm.prank(operator);
        escrow.claim(v, sig);
        (, uint256 cumulative,,,,) = escrow.claims(SID, v.leaseId);
        require(cumulative == (pk == SESSION_PK ? 5 * PAD : 0), "claim recorded only when signed by the session key");
    }

    function testFuzz_claimRejectsMalformedSignature(bytes calldata sig) public {
        vm.assume(sig.length != 65);
        Voucher memory v = _voucher(SID, keccak256("lease"), operator, 5 * PAD);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(SessionEscrow.SessionEscrowInvalidVoucherSignature.selector, SID, v.leaseId));
        escrow.claim(v, sig);
    }

    /// @dev Total claimed never exceeds the deposit, whatever two leases claim.
    function testFuzz_claimsBoundedByDeposit(uint96 deposit, uint96 a, uint96 b) public {
        vm.assume(deposit > 0 && a > 0 && b > 0);
        bytes32 sid = keccak256(abi.encode("fuzz", deposit, a, b));
        uint256 dep = uint256(deposit) % (1_000_000 * PAD) + 1;
        escrow.openSession(sid, dep, sessionKey, 1);
        uint256 ca = uint256(a) % (2 * dep) + 1;
        uint256 cb = uint256(b) % (2 * dep) + 1;
        _claimExpecting(
            operator,
            sid,
            keccak256("a"),
            ca,
            ca > dep ? abi.encodeWithSelector(SessionEscrow.SessionEscrowExceedsDeposit.selector, sid, ca, dep) : bytes("")
        );
        uint256 claimedA = ca > dep ? 0 : ca;
        _claimExpecting(
            operator2,
            sid,
            keccak256("b"),
            cb,
            claimedA + cb > dep
                ? abi.encodeWithSelector(SessionEscrow.SessionEscrowExceedsDeposit.selector, sid, claimedA + cb, dep)
                : bytes("")
        );
        (,,, uint256 claimed,,) = escrow.sessions(sid);
        require(claimed <= dep, "claimed <= deposit");
        (uint256 pending,,) = escrow.sessionStatus(sid);
        require(pending == claimed, "all claims pending");
    }

    /// @dev A lease's cumulative only grows; replays and older vouchers are rejected.
    function testFuzz_cumulativeMustIncrease(uint64 first, uint64 second) public {
        vm.assume(first > 0 && second > 0);
        bytes32 lease = keccak256("lease-mono");
        _claim(operator, SID, lease, first);
        _claimExpecting(
            operator,
            SID,
            lease,
            second,
            second <= first
                ? abi.encodeWithSelector(
                    SessionEscrow.SessionEscrowVoucherNotIncreasing.selector, SID, lease, uint256(second), uint256(first)
                )
                : bytes("")
        );
        (, uint256 cumulative,,,,) = escrow.claims(SID, lease);
        require(cumulative == (second > first ? second : first), "max cumulative kept");
    }

    function test_claimAccessControl() public {
        Voucher memory v = _voucher(SID, keccak256("lease"), operator, PAD);
        bytes memory sig = _sign(SESSION_PK, escrow.hashVoucher(v));
        vm.prank(operator2);
        vm.expectRevert(abi.encodeWithSelector(SessionEscrow.SessionEscrowNotVoucherOperator.selector, operator, operator2));
        escrow.claim(v, sig);
        vm.prank(address(0xDEAD));
        vm.expectRevert(abi.encodeWithSelector(SessionEscrow.SessionEscrowOperatorInactive.selector, address(0xDEAD)));
        escrow.claim(v, sig);
        Voucher memory unknown = _voucher(keccak256("nope"), keccak256("lease"), operator, PAD);
        bytes memory sig2 = _sign(SESSION_PK, escrow.hashVoucher(unknown));
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(SessionEscrow.SessionEscrowUnknownSession.selector, keccak256("nope")));
        escrow.claim(unknown, sig2);
    }

    function test_batchAcrossSessionsAndDoubleClaim() public {
        bytes32 sid2 = keccak256("session-2");
        escrow.openSession(sid2, 100 * PAD, sessionKey, 10);
        Voucher[] memory vs = new Voucher[](3);
        bytes[] memory sigs = new bytes[](3);
        vs[0] = _voucher(SID, keccak256("l0"), operator, 1 * PAD);
        vs[1] = _voucher(sid2, keccak256("l1"), operator, 2 * PAD);
        vs[2] = _voucher(SID, keccak256("l2"), operator, 3 * PAD);
        for (uint256 i; i < 3; ++i) {
            sigs[i] = _sign(SESSION_PK, escrow.hashVoucher(vs[i]));
        }
        vm.prank(operator);
        escrow.claimBatch(vs, sigs);
        (,,, uint256 c1,,) = escrow.sessions(SID);
        (,,, uint256 c2,,) = escrow.sessions(sid2);
        require(c1 == 4 * PAD && c2 == 2 * PAD, "per-session accounting");
        // the same batch again: double claims rejected
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(
                SessionEscrow.SessionEscrowVoucherNotIncreasing.selector, SID, keccak256("l0"), 1 * PAD, 1 * PAD
            )
        );
        escrow.claimBatch(vs, sigs);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(SessionEscrow.SessionEscrowLengthMismatch.selector, 3, 0));
        escrow.claimBatch(vs, new bytes[](0));
    }

    function test_finalizePaysAfterWindowAndFees() public {
        bytes32 lease = keccak256("lease-f");
        _claim(operator, SID, lease, 100 * PAD);
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = lease;
        vm.expectRevert();
        escrow.finalize(SID, ids);
        vm.warp(block.timestamp + WINDOW);
        uint256 before = token.balanceOf(operator);
        escrow.finalize(SID, ids);
        require(token.balanceOf(operator) - before == 99 * PAD, "paid less 1% fee");
        require(escrow.accruedFees() == PAD, "fee accrued");
        escrow.sweepFees();
        require(token.balanceOf(FEES) == PAD, "fee swept");
        (uint64 settled,) = registry.quality(operator);
        require(settled == 1, "settled counted");
        vm.expectRevert(abi.encodeWithSelector(SessionEscrow.SessionEscrowNoPendingClaim.selector, SID, lease));
        escrow.finalize(SID, ids);
    }

    function test_closeGraceAndWithdraw() public {
        _claim(operator, SID, keccak256("l"), 10 * PAD);
        escrow.closeSession(SID);
        vm.expectRevert(abi.encodeWithSelector(SessionEscrow.SessionEscrowSessionNotOpen.selector, SID, 2));
        escrow.topUp(SID, PAD);
        // still claimable within the grace period
        _claim(operator, SID, keccak256("l"), 20 * PAD);
        vm.warp(block.timestamp + GRACE + 1);
        Voucher memory late = _voucher(SID, keccak256("l"), operator, 30 * PAD);
        bytes memory sig = _sign(SESSION_PK, escrow.hashVoucher(late));
        vm.prank(operator);
        vm.expectRevert();
        escrow.claim(late, sig);
        vm.expectRevert(abi.encodeWithSelector(SessionEscrow.SessionEscrowClaimsPending.selector, SID, 20 * PAD));
        escrow.withdrawRemaining(SID);
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = keccak256("l");
        escrow.finalize(SID, ids);
        uint256 before = token.balanceOf(address(this));
        escrow.withdrawRemaining(SID);
        require(token.balanceOf(address(this)) - before == 980 * PAD, "refund");
        vm.expectRevert(abi.encodeWithSelector(SessionEscrow.SessionEscrowSessionNotClosed.selector, SID, 3));
        escrow.withdrawRemaining(SID);
    }

    function testFuzz_onlyOwnerClosesAndWithdraws(address caller) public {
        vm.assume(caller != address(this));
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(SessionEscrow.SessionEscrowNotSessionOwner.selector, SID, caller));
        escrow.closeSession(SID);
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(SessionEscrow.SessionEscrowNotSessionOwner.selector, SID, caller));
        escrow.withdrawRemaining(SID);
    }

    function test_openSessionRejects() public {
        vm.expectRevert(abi.encodeWithSelector(SessionEscrow.SessionEscrowSessionExists.selector, SID));
        escrow.openSession(SID, PAD, sessionKey, 1);
        vm.expectRevert(SessionEscrow.SessionEscrowInvalidSessionId.selector);
        escrow.openSession(bytes32(0), PAD, sessionKey, 1);
        vm.expectRevert(SessionEscrow.SessionEscrowZeroAddress.selector);
        escrow.openSession(keccak256("x"), PAD, address(0), 1);
        vm.expectRevert(SessionEscrow.SessionEscrowZeroAmount.selector);
        escrow.openSession(keccak256("x"), 0, sessionKey, 1);
    }

    function test_openSessionWithPermit() public {
        uint256 ownerPk = 0xD1;
        address owner = vm.addr(ownerPk);
        token.transfer(owner, 50 * PAD);
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                owner,
                address(escrow),
                50 * PAD,
                token.nonces(owner),
                deadline
            )
        );
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(ownerPk, digest);
        vm.prank(owner);
        escrow.openSessionWithPermit(keccak256("permit"), 50 * PAD, sessionKey, 7, deadline, v, r, s);
        (address o,, uint256 dep,, uint64 maxPrice, bool open) = escrow.sessions(keccak256("permit"));
        require(o == owner && dep == 50 * PAD && maxPrice == 7 && open, "opened with permit");
        require(token.balanceOf(owner) == 0, "pulled");
    }

    function _signedReceipt(uint256 pk, bytes32 lease, uint64 seq)
        internal
        view
        returns (Receipt memory r, bytes memory sig, bytes32 h)
    {
        r = _receipt(SID, lease, seq);
        h = escrow.hashReceipt(r);
        sig = _sign(pk, h);
    }

    function test_challengeQuorumOfTwo() public {
        params.setParam(ParamKeys.VERIFY_QUORUM, 2);
        bytes32 lease = keccak256("lease-q");
        _claim(operator, SID, lease, 40 * PAD);
        (Receipt memory r, bytes memory opSig, bytes32 h) = _signedReceipt(OPERATOR_PK, lease, 3);
        Attestation memory a = _mismatch(r, h);
        bytes memory s1 = _sign(VERIFIER_PK, escrow.hashAttestation(a));
        require(!escrow.challenge(r, opSig, a, s1), "one attestation is not quorum");
        bytes32 cid = escrow.challengeIdOf(h, a);
        vm.expectRevert(abi.encodeWithSelector(SessionEscrow.SessionEscrowAlreadyAttested.selector, cid, verifier));
        escrow.challenge(r, opSig, a, s1);
        uint256 stakeBefore = registry.stakeOf(operator);
        uint256 supplyBefore = token.totalSupply();
        bytes memory s2 = _sign(VERIFIER2_PK, escrow.hashAttestation(a));
        require(escrow.challenge(r, opSig, a, s2), "upheld at quorum");
        uint256 slashed = stakeBefore / 10;
        require(registry.stakeOf(operator) == stakeBefore - slashed, "slashed 10%");
        require(token.balanceOf(verifier) == slashed / 4 && token.balanceOf(verifier2) == slashed / 4, "challenger half, shared");
        require(token.totalSupply() == supplyBefore - slashed / 5, "20% burned");
        (,,,,, bool voided) = escrow.claims(SID, lease);
        require(voided, "voided");
        (,,, uint256 claimed,,) = escrow.sessions(SID);
        require(claimed == 0, "released");
    }

    function test_challengeRejects() public {
        bytes32 lease = keccak256("lease-r");
        (Receipt memory r, bytes memory opSig, bytes32 h) = _signedReceipt(OPERATOR_PK, lease, 1);
        Attestation memory a = _mismatch(r, h);
        bytes memory vSig = _sign(VERIFIER_PK, escrow.hashAttestation(a));
        // no claim yet
        vm.expectRevert(abi.encodeWithSelector(SessionEscrow.SessionEscrowNoPendingClaim.selector, SID, lease));
        escrow.challenge(r, opSig, a, vSig);
        _claim(operator, SID, lease, 10 * PAD);
        // receipt signed by someone else than the lease's operator
        (, bytes memory otherSig,) = _signedReceipt(OPERATOR2_PK, lease, 1);
        vm.expectRevert(abi.encodeWithSelector(SessionEscrow.SessionEscrowReceiptNotByLeaseOperator.selector, operator2));
        escrow.challenge(r, otherSig, a, vSig);
        // attestation by a non-verifier (the other operator)
        bytes memory nvSig = _sign(OPERATOR2_PK, escrow.hashAttestation(a));
        vm.expectRevert(abi.encodeWithSelector(SessionEscrow.SessionEscrowNotVerifier.selector, operator2));
        escrow.challenge(r, opSig, a, nvSig);
        // attestation of another receipt
        Attestation memory wrong = _mismatch(r, h);
        wrong.sequence = 2;
        bytes memory wSig = _sign(VERIFIER_PK, escrow.hashAttestation(wrong));
        vm.expectRevert(SessionEscrow.SessionEscrowAttestationMismatch.selector);
        escrow.challenge(r, opSig, wrong, wSig);
        // an attestation that agrees with the receipt
        Attestation memory agree = _mismatch(r, h);
        agree.outputHash = r.outputHash;
        bytes memory agSig = _sign(VERIFIER_PK, escrow.hashAttestation(agree));
        vm.expectRevert(SessionEscrow.SessionEscrowNoMismatch.selector);
        escrow.challenge(r, opSig, agree, agSig);
        // stale: after the window
        vm.warp(block.timestamp + WINDOW);
        vm.expectRevert();
        escrow.challenge(r, opSig, a, vSig);
    }
}
