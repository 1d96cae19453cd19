// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ClaimPacking} from "./ClaimPacking.sol";
import {IMeshParams} from "./interfaces/IMeshParams.sol";
import {IOperatorRegistry} from "./interfaces/IOperatorRegistry.sol";
import {ATTESTATION_TYPEHASH, Attestation, RECEIPT_TYPEHASH, Receipt, VOUCHER_TYPEHASH, Voucher} from "./MeshTypes.sol";
import {ParamKeys} from "./ParamKeys.sol";

/// @notice The burn entry point of PAD (ERC20Burnable).
interface IBurnableToken {
    function burn(uint256 value) external;
}

/// @title SessionEscrow: PAD payment channels between projects and operators
/// @notice A project opens a session with a PAD deposit and a session key. The session key signs
///         cumulative EIP-712 vouchers per lease; the lease's operator claims the latest voucher
///         (one transaction per lease however many receipts it covers, several leases per call).
///         A claim is paid after the challenge window. Within the window, registered verifiers
///         can attest that a receipt the operator signed is wrong; at the governance-set quorum
///         the claim is voided, the operator slashed, and the slash split between the attesting
///         verifiers, the project and a burn. The EIP-712 domain of every PadMesh signature is
///         `{name: "PadMesh", version: "1", chainId, verifyingContract: this}`.
/// @dev Invariants (tested in `contracts/test/SessionEscrow.invariant.t.sol`):
///      - solvency: PAD held ≥ Σ over sessions (deposit − paid) + accruedFees, where
///        paid = claimed − pending; equivalently every open deposit and every pending claim
///        is backed by tokens held here;
///      - per session: pending ≤ claimed ≤ deposit; `pending` is the sum of the cumulative
///        amounts of its PENDING claims;
///      - a claim only exists for a voucher signed by the session key (no payout without a
///        valid voucher signature), and its cumulative never decreases;
///      - a lease is paid at most once (FINALIZED and VOIDED are terminal).
contract SessionEscrow is EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using ClaimPacking for uint256;

    uint8 public constant SESSION_NONE = 0;
    uint8 public constant SESSION_OPEN = 1;
    uint8 public constant SESSION_CLOSED = 2;
    uint8 public constant SESSION_WITHDRAWN = 3;

    /// @dev Three slots. Claims read slots 1-2 and write only slot 2, which `openSession`
    ///      already made non-zero (via `state`), so no claim pays for a zero-to-non-zero write
    ///      of session accounting: the project pays it once at open.
    struct Session {
        address owner;
        uint64 maxPricePerFuel;
        address sessionKey;
        uint96 deposit;
        uint96 claimed;
        uint96 pending;
        uint40 closedAt;
        uint8 state;
    }

    error SessionEscrowZeroAddress();
    error SessionEscrowZeroAmount();
    error SessionEscrowInvalidSessionId();
    error SessionEscrowSessionExists(bytes32 sessionId);
    error SessionEscrowUnknownSession(bytes32 sessionId);
    error SessionEscrowNotSessionOwner(bytes32 sessionId, address caller);
    error SessionEscrowSessionNotOpen(bytes32 sessionId, uint8 state);
    error SessionEscrowSessionNotClosed(bytes32 sessionId, uint8 state);
    error SessionEscrowClaimPeriodOver(bytes32 sessionId, uint256 deadline);
    error SessionEscrowClaimPeriodOpen(bytes32 sessionId, uint256 deadline);
    error SessionEscrowClaimsPending(bytes32 sessionId, uint256 pending);
    error SessionEscrowLengthMismatch(uint256 vouchers, uint256 signatures);
    error SessionEscrowNotVoucherOperator(address operator, address caller);
    error SessionEscrowOperatorInactive(address operator);
    error SessionEscrowInvalidVoucherSignature(bytes32 sessionId, bytes32 leaseId);
    error SessionEscrowLeaseSettled(bytes32 sessionId, bytes32 leaseId, uint8 status);
    error SessionEscrowNotLeaseOperator(bytes32 sessionId, bytes32 leaseId, address caller);
    error SessionEscrowVoucherNotIncreasing(bytes32 sessionId, bytes32 leaseId, uint256 cumulative, uint256 claimed);
    error SessionEscrowExceedsDeposit(bytes32 sessionId, uint256 claimed, uint256 deposit);
    error SessionEscrowNoPendingClaim(bytes32 sessionId, bytes32 leaseId);
    error SessionEscrowChallengeWindowOpen(bytes32 sessionId, bytes32 leaseId, uint256 endsAt);
    error SessionEscrowChallengeStale(bytes32 sessionId, bytes32 leaseId, uint256 endedAt);
    error SessionEscrowInvalidReceiptSignature();
    error SessionEscrowReceiptNotByLeaseOperator(address signer);
    error SessionEscrowInvalidAttestationSignature();
    error SessionEscrowAttestationMismatch();
    error SessionEscrowNoMismatch();
    error SessionEscrowNotVerifier(address verifier);
    error SessionEscrowSelfChallenge(address operator);
    error SessionEscrowAlreadyAttested(bytes32 challengeId, address verifier);

    event SessionOpened(
        bytes32 indexed sessionId, address indexed owner, address sessionKey, uint256 deposit, uint64 maxPricePerFuel
    );
    event SessionToppedUp(bytes32 indexed sessionId, address indexed from, uint256 amount, uint256 deposit);
    event SessionClosed(bytes32 indexed sessionId, uint256 claimDeadline);
    event SessionWithdrawn(bytes32 indexed sessionId, address indexed owner, uint256 refund);
    /// @notice A voucher was claimed; `amount` is the increase over the lease's previous claim.
    event Claimed(
        bytes32 indexed sessionId,
        bytes32 indexed leaseId,
        address indexed operator,
        uint256 cumulative,
        uint256 amount,
        bytes32 lastReceiptHash,
        uint64 receiptCount
    );
    event ClaimFinalized(
        bytes32 indexed sessionId, bytes32 indexed leaseId, address indexed operator, uint256 amount, uint256 fee
    );
    event ClaimVoided(bytes32 indexed sessionId, bytes32 indexed leaseId, address indexed operator, uint256 amount);
    event ChallengeAttested(
        bytes32 indexed sessionId,
        bytes32 indexed leaseId,
        bytes32 indexed challengeId,
        bytes32 receiptHash,
        address verifier,
        uint256 attestations
    );
    event ChallengeUpheld(
        bytes32 indexed sessionId,
        bytes32 indexed leaseId,
        address indexed operator,
        bytes32 challengeId,
        uint256 slashed,
        uint256 toChallengers,
        uint256 toClient,
        uint256 burned
    );
    event FeesSwept(address indexed to, uint256 amount);

    IERC20 public immutable token;
    IMeshParams public immutable params;
    IOperatorRegistry public immutable registry;
    /// @notice Where protocol fees go (the governance Timelock).
    address public immutable feeRecipient;
    /// @notice Protocol fees taken at finalization and not yet swept.
    uint256 public accruedFees;

    mapping(bytes32 sessionId => Session) private _sessions;
    mapping(bytes32 sessionId => mapping(bytes32 leaseId => uint256 packedClaim)) private _claims;
    mapping(bytes32 challengeId => address[]) private _attesters;
    mapping(bytes32 challengeId => mapping(address verifier => bool)) private _attested;

    constructor(IERC20 token_, IMeshParams params_, IOperatorRegistry registry_, address feeRecipient_)
        EIP712("PadMesh", "1")
    {
        if (
            address(token_) == address(0) || address(params_) == address(0) || address(registry_) == address(0)
                || feeRecipient_ == address(0)
        ) revert SessionEscrowZeroAddress();
        token = token_;
        params = params_;
        registry = registry_;
        feeRecipient = feeRecipient_;
    }

    // ---------------------------------------------------------------- sessions

    /// @notice Open a session owned by the caller, pulling `deposit` PAD (approve first).
    /// @param sessionId chosen by the project; must be new and non-zero
    /// @param sessionKey the key that signs this session's vouchers
    /// @param maxPricePerFuel the most the project pays per fuel unit (checked off-chain on receipts)
    function openSession(bytes32 sessionId, uint256 deposit, address sessionKey, uint64 maxPricePerFuel)
        external
        nonReentrant
    {
        _open(sessionId, deposit, sessionKey, maxPricePerFuel);
        token.safeTransferFrom(msg.sender, address(this), deposit);
    }

    /// @notice `openSession` with an EIP-2612 permit for `deposit` instead of a prior approve.
    /// @dev A failing permit is ignored (someone may have front-run it); the transfer then needs
    ///      an allowance, as with `openSession`.
    function openSessionWithPermit(
        bytes32 sessionId,
        uint256 deposit,
        address sessionKey,
        uint64 maxPricePerFuel,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        try IERC20Permit(address(token)).permit(msg.sender, address(this), deposit, deadline, v, r, s) {} catch {}
        _open(sessionId, deposit, sessionKey, maxPricePerFuel);
        token.safeTransferFrom(msg.sender, address(this), deposit);
    }

    /// @notice Add `amount` PAD to an open session's deposit (anyone may pay; approve first).
    function topUp(bytes32 sessionId, uint256 amount) external nonReentrant {
        if (amount == 0) revert SessionEscrowZeroAmount();
        Session storage s = _sessions[sessionId];
        if (s.state != SESSION_OPEN) revert SessionEscrowSessionNotOpen(sessionId, s.state);
        uint96 deposit = SafeCast.toUint96(uint256(s.deposit) + amount);
        s.deposit = deposit;
        emit SessionToppedUp(sessionId, msg.sender, amount, deposit);
        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @notice Close the caller's session. Operators may still claim until
    ///         `closedAt + escrow.claimGracePeriod`; no top-ups after this.
    function closeSession(bytes32 sessionId) external {
        Session storage s = _ownedSession(sessionId);
        if (s.state != SESSION_OPEN) revert SessionEscrowSessionNotOpen(sessionId, s.state);
        s.state = SESSION_CLOSED;
        s.closedAt = uint40(block.timestamp);
        emit SessionClosed(sessionId, block.timestamp + params.value(ParamKeys.ESCROW_CLAIM_GRACE_PERIOD));
    }

    /// @notice Return the unclaimed deposit to the owner, once the session is closed, its claim
    ///         period is over and every claim is finalized or voided.
    function withdrawRemaining(bytes32 sessionId) external nonReentrant {
        Session storage s = _ownedSession(sessionId);
        if (s.state != SESSION_CLOSED) revert SessionEscrowSessionNotClosed(sessionId, s.state);
        uint256 deadline = uint256(s.closedAt) + params.value(ParamKeys.ESCROW_CLAIM_GRACE_PERIOD);
        if (block.timestamp <= deadline) revert SessionEscrowClaimPeriodOpen(sessionId, deadline);
        if (s.pending != 0) revert SessionEscrowClaimsPending(sessionId, s.pending);
        uint256 refund = uint256(s.deposit) - s.claimed;
        s.state = SESSION_WITHDRAWN;
        s.deposit = s.claimed;
        emit SessionWithdrawn(sessionId, msg.sender, refund);
        if (refund != 0) token.safeTransfer(msg.sender, refund);
    }

    // ---------------------------------------------------------------- claims

    /// @notice Claim one lease with the session key's latest voucher for it. Caller must be
    ///         `v.operator` and an active operator.
    /// @dev Moves no tokens: it records the claim (one storage word) and adds the increase to the
    ///      session's `claimed` and `pending`. Payment comes with `finalize` after the window.
    function claim(Voucher calldata v, bytes calldata sig) external nonReentrant {
        uint32 opId = _claimantId();
        ClaimCtx memory ctx = _newCtx();
        _claimOne(v, sig, opId, ctx);
        _flushSession(ctx);
    }

    /// @notice Claim several leases in one call (group them by session to save gas).
    function claimBatch(Voucher[] calldata vs, bytes[] calldata sigs) external nonReentrant {
        if (vs.length != sigs.length) revert SessionEscrowLengthMismatch(vs.length, sigs.length);
        uint32 opId = _claimantId();
        ClaimCtx memory ctx = _newCtx();
        for (uint256 i; i < vs.length; ++i) {
            _claimOne(vs[i], sigs[i], opId, ctx);
        }
        _flushSession(ctx);
    }

    /// @notice Pay out pending claims of one session whose challenge window has passed. Anyone
    ///         may call; each lease's operator is paid (less the protocol fee).
    function finalize(bytes32 sessionId, bytes32[] calldata leaseIds) external nonReentrant {
        FinalizeCtx memory f;
        f.window = params.value(ParamKeys.ESCROW_CHALLENGE_WINDOW);
        f.feeBps = params.value(ParamKeys.FEE_PROTOCOL_BPS);
        Payout[] memory payouts = new Payout[](leaseIds.length);
        for (uint256 i; i < leaseIds.length; ++i) {
            _finalizeOne(sessionId, leaseIds[i], f, payouts);
        }
        _sessions[sessionId].pending -= SafeCast.toUint96(f.total);
        accruedFees += f.fees;
        for (uint256 i; i < f.runs; ++i) {
            registry.recordSettled(payouts[i].operator, payouts[i].count);
            token.safeTransfer(payouts[i].operator, payouts[i].amount);
        }
    }

    /// @notice Send accrued protocol fees to `feeRecipient`.
    function sweepFees() external nonReentrant {
        uint256 amount = accruedFees;
        accruedFees = 0;
        emit FeesSwept(feeRecipient, amount);
        if (amount != 0) token.safeTransfer(feeRecipient, amount);
    }

    // ---------------------------------------------------------------- challenges

    /// @notice Attest, as a registered verifier, that an operator-signed receipt of a lease with a
    ///         pending claim is wrong. Anyone may submit the pair (the verifier's signature is the
    ///         authority). When `verify.quorum` distinct verifiers attest the same corrected result
    ///         within the challenge window, the claim is voided, the operator slashed
    ///         `slash.fractionBps` of its stake, and the slash split: `slash.challengerBps` shared
    ///         equally by the attesting verifiers, `slash.clientBps` to the session owner, the rest burned.
    /// @return upheld whether this attestation reached the quorum
    function challenge(Receipt calldata r, bytes calldata operatorSig, Attestation calldata a, bytes calldata verifierSig)
        external
        nonReentrant
        returns (bool upheld)
    {
        (bytes32 receiptHash, uint256 w, address operator) = _checkReceipt(r, operatorSig);
        address verifier = _checkVerifier(r, a, verifierSig, receiptHash, operator);
        bytes32 challengeId = challengeIdOf(receiptHash, a);
        if (_attested[challengeId][verifier]) revert SessionEscrowAlreadyAttested(challengeId, verifier);
        _attested[challengeId][verifier] = true;
        _attesters[challengeId].push(verifier);
        uint256 count = _attesters[challengeId].length;
        emit ChallengeAttested(r.sessionId, r.leaseId, challengeId, receiptHash, verifier, count);
        if (count < params.value(ParamKeys.VERIFY_QUORUM)) return false;
        _uphold(r.sessionId, r.leaseId, w, operator, challengeId);
        return true;
    }

    // ---------------------------------------------------------------- views

    /// @notice A session as the SDK and CLI read it.
    function sessions(bytes32 sessionId)
        external
        view
        returns (
            address owner,
            address sessionKey,
            uint256 deposit,
            uint256 claimed,
            uint64 maxPricePerFuel,
            bool open
        )
    {
        Session storage s = _sessions[sessionId];
        return (s.owner, s.sessionKey, s.deposit, s.claimed, s.maxPricePerFuel, s.state == SESSION_OPEN);
    }

    /// @notice The rest of a session's state: pending (claimed, not yet final), close time, state.
    function sessionStatus(bytes32 sessionId) external view returns (uint256 pending, uint256 closedAt, uint8 state) {
        Session storage s = _sessions[sessionId];
        return (s.pending, s.closedAt, s.state);
    }

    /// @notice A lease's claim. The voucher's `lastReceiptHash` is not stored (one storage word
    ///         per claim); it is in the `Claimed` event.
    function claims(bytes32 sessionId, bytes32 leaseId)
        external
        view
        returns (
            address operator,
            uint256 cumulative,
            uint64 receiptCount,
            uint64 claimedAt,
            bool finalized,
            bool voided
        )
    {
        ClaimPacking.Claim memory c = _claims[sessionId][leaseId].unpack();
        operator = c.operatorId == 0 ? address(0) : registry.operatorOf(c.operatorId);
        return (
            operator,
            c.cumulative,
            c.receiptCount,
            c.claimedAt,
            c.status == ClaimPacking.STATUS_FINALIZED,
            c.status == ClaimPacking.STATUS_VOIDED
        );
    }

    /// @notice The claim's lifecycle: 0 none, 1 pending, 2 finalized, 3 voided.
    function claimStatus(bytes32 sessionId, bytes32 leaseId) external view returns (uint8) {
        return _claims[sessionId][leaseId].status();
    }

    /// @notice Verifiers that attested `challengeId` so far.
    function challengeAttesters(bytes32 challengeId) external view returns (address[] memory) {
        return _attesters[challengeId];
    }

    /// @notice Identity of "the same mismatch": the receipt and the result verifiers claim is right.
    function challengeIdOf(bytes32 receiptHash, Attestation calldata a) public pure returns (bytes32) {
        return keccak256(abi.encode(receiptHash, a.outputHash, a.stateRootAfter, a.fuelUsed, a.status));
    }

    /// @notice The EIP-712 domain separator (matches `@padmesh/proto` `domainSeparator`).
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @notice EIP-712 digest of a receipt: its identity in hash chains and challenges.
    function hashReceipt(Receipt calldata r) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(RECEIPT_TYPEHASH, r)));
    }

    /// @notice EIP-712 digest of a voucher (what the session key signs).
    function hashVoucher(Voucher calldata v) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(VOUCHER_TYPEHASH, v)));
    }

    /// @notice EIP-712 digest of an attestation (what a verifier signs).
    function hashAttestation(Attestation calldata a) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(ATTESTATION_TYPEHASH, a)));
    }

    // ---------------------------------------------------------------- internals

    struct ClaimCtx {
        bytes32 sessionId;
        address sessionKey;
        uint256 deposit;
        uint256 claimed;
        uint256 pending;
        uint256 deadline; // last second a claim is accepted (type(uint256).max while open)
        uint256 grace; // escrow.claimGracePeriod, read lazily (type(uint256).max = unread)
    }

    struct FinalizeCtx {
        uint256 window;
        uint256 feeBps;
        uint256 runs;
        uint256 total;
        uint256 fees;
    }

    struct Payout {
        uint32 operatorId;
        address operator;
        uint256 amount;
        uint64 count;
    }

    function _finalizeOne(bytes32 sessionId, bytes32 leaseId, FinalizeCtx memory f, Payout[] memory payouts)
        private
    {
        uint256 w = _claims[sessionId][leaseId];
        ClaimPacking.Claim memory c = w.unpack();
        if (c.status != ClaimPacking.STATUS_PENDING) revert SessionEscrowNoPendingClaim(sessionId, leaseId);
        uint256 endsAt = uint256(c.claimedAt) + f.window;
        if (block.timestamp < endsAt) revert SessionEscrowChallengeWindowOpen(sessionId, leaseId, endsAt);
        _claims[sessionId][leaseId] = w.withStatus(ClaimPacking.STATUS_FINALIZED);
        if (f.runs == 0 || payouts[f.runs - 1].operatorId != c.operatorId) {
            Payout memory fresh = payouts[f.runs++];
            fresh.operatorId = c.operatorId;
            fresh.operator = registry.operatorOf(c.operatorId);
        }
        Payout memory p = payouts[f.runs - 1];
        uint256 fee = (uint256(c.cumulative) * f.feeBps) / 10_000;
        p.amount += c.cumulative - fee;
        p.count += 1;
        f.total += c.cumulative;
        f.fees += fee;
        emit ClaimFinalized(sessionId, leaseId, p.operator, c.cumulative, fee);
    }

    function _newCtx() private pure returns (ClaimCtx memory ctx) {
        ctx.grace = type(uint256).max;
    }

    function _claimantId() private view returns (uint32 opId) {
        opId = registry.activeOperatorId(msg.sender);
        if (opId == 0) revert SessionEscrowOperatorInactive(msg.sender);
    }

    function _claimOne(Voucher calldata v, bytes calldata sig, uint32 opId, ClaimCtx memory ctx) private {
        uint256 delta = _admitVoucher(v, sig, opId, ctx);
        // cumulative ≤ claimed ≤ deposit < 2^96, so the casts below cannot truncate
        _claims[v.sessionId][v.leaseId] = ClaimPacking.pack(
            ClaimPacking.Claim({
                cumulative: uint96(v.cumulativeAmount),
                operatorId: opId,
                claimedAt: uint40(block.timestamp),
                receiptCount: v.receiptCount,
                status: ClaimPacking.STATUS_PENDING
            })
        );
        emit Claimed(v.sessionId, v.leaseId, msg.sender, v.cumulativeAmount, delta, v.lastReceiptHash, v.receiptCount);
    }

    /// @dev Every check a voucher claim must pass; returns the increase and books it in `ctx`.
    function _admitVoucher(Voucher calldata v, bytes calldata sig, uint32 opId, ClaimCtx memory ctx)
        private
        returns (uint256 delta)
    {
        if (v.operator != msg.sender) revert SessionEscrowNotVoucherOperator(v.operator, msg.sender);
        if (v.sessionId != ctx.sessionId || v.sessionId == bytes32(0)) _loadSession(v.sessionId, ctx);
        if (block.timestamp > ctx.deadline) revert SessionEscrowClaimPeriodOver(v.sessionId, ctx.deadline);
        if (_recover(hashVoucher(v), sig) != ctx.sessionKey) {
            revert SessionEscrowInvalidVoucherSignature(v.sessionId, v.leaseId);
        }
        uint256 w = _claims[v.sessionId][v.leaseId];
        uint8 st = w.status();
        if (st > ClaimPacking.STATUS_PENDING) revert SessionEscrowLeaseSettled(v.sessionId, v.leaseId, st);
        if (st == ClaimPacking.STATUS_PENDING && uint32(w >> 96) != opId) {
            revert SessionEscrowNotLeaseOperator(v.sessionId, v.leaseId, msg.sender);
        }
        uint256 prev = uint96(w);
        if (v.cumulativeAmount <= prev) {
            revert SessionEscrowVoucherNotIncreasing(v.sessionId, v.leaseId, v.cumulativeAmount, prev);
        }
        delta = v.cumulativeAmount - prev;
        uint256 claimed = ctx.claimed + delta;
        if (claimed > ctx.deposit) revert SessionEscrowExceedsDeposit(v.sessionId, claimed, ctx.deposit);
        ctx.claimed = claimed;
        ctx.pending += delta;
    }

    function _loadSession(bytes32 sessionId, ClaimCtx memory ctx) private {
        _flushSession(ctx);
        Session storage s = _sessions[sessionId];
        uint8 state = s.state;
        if (state == SESSION_NONE) revert SessionEscrowUnknownSession(sessionId);
        ctx.sessionId = sessionId;
        ctx.sessionKey = s.sessionKey;
        ctx.deposit = s.deposit;
        ctx.claimed = s.claimed;
        ctx.pending = s.pending;
        if (state == SESSION_OPEN) {
            ctx.deadline = type(uint256).max;
        } else if (state == SESSION_CLOSED) {
            if (ctx.grace == type(uint256).max) ctx.grace = params.value(ParamKeys.ESCROW_CLAIM_GRACE_PERIOD);
            ctx.deadline = uint256(s.closedAt) + ctx.grace;
        } else {
            ctx.deadline = 0;
        }
    }

    function _flushSession(ClaimCtx memory ctx) private {
        if (ctx.sessionId == bytes32(0)) return;
        Session storage s = _sessions[ctx.sessionId];
        // claimed ≤ deposit < 2^96 and pending ≤ claimed (checked per claim)
        s.claimed = uint96(ctx.claimed);
        s.pending = uint96(ctx.pending);
    }

    function _open(bytes32 sessionId, uint256 deposit, address sessionKey, uint64 maxPricePerFuel) private {
        if (sessionId == bytes32(0)) revert SessionEscrowInvalidSessionId();
        if (sessionKey == address(0)) revert SessionEscrowZeroAddress();
        if (deposit == 0) revert SessionEscrowZeroAmount();
        Session storage s = _sessions[sessionId];
        if (s.state != SESSION_NONE) revert SessionEscrowSessionExists(sessionId);
        s.owner = msg.sender;
        s.maxPricePerFuel = maxPricePerFuel;
        s.state = SESSION_OPEN;
        s.sessionKey = sessionKey;
        s.deposit = SafeCast.toUint96(deposit);
        emit SessionOpened(sessionId, msg.sender, sessionKey, deposit, maxPricePerFuel);
    }

    function _ownedSession(bytes32 sessionId) private view returns (Session storage s) {
        s = _sessions[sessionId];
        if (s.state == SESSION_NONE) revert SessionEscrowUnknownSession(sessionId);
        if (s.owner != msg.sender) revert SessionEscrowNotSessionOwner(sessionId, msg.sender);
    }

    /// @dev The receipt must be signed by the operator of a lease whose claim is pending and
    ///      still inside its challenge window.
    function _checkReceipt(Receipt calldata r, bytes calldata operatorSig)
        private
        view
        returns (bytes32 receiptHash, uint256 w, address operator)
    {
        receiptHash = hashReceipt(r);
        w = _claims[r.sessionId][r.leaseId];
        if (w.status() != ClaimPacking.STATUS_PENDING) revert SessionEscrowNoPendingClaim(r.sessionId, r.leaseId);
        uint256 endsAt = uint256(uint40(w >> 128)) + params.value(ParamKeys.ESCROW_CHALLENGE_WINDOW);
        if (block.timestamp >= endsAt) revert SessionEscrowChallengeStale(r.sessionId, r.leaseId, endsAt);
        operator = _recover(receiptHash, operatorSig);
        if (operator == address(0)) revert SessionEscrowInvalidReceiptSignature();
        if (registry.operatorId(operator) != uint32(w >> 96)) revert SessionEscrowReceiptNotByLeaseOperator(operator);
    }

    /// @dev The attestation must be about this receipt, claim a real difference, and be signed by
    ///      an active verifier other than the operator.
    function _checkVerifier(
        Receipt calldata r,
        Attestation calldata a,
        bytes calldata verifierSig,
        bytes32 receiptHash,
        address operator
    ) private view returns (address verifier) {
        _checkAttestation(r, a, receiptHash);
        verifier = _recover(hashAttestation(a), verifierSig);
        if (verifier == address(0)) revert SessionEscrowInvalidAttestationSignature();
        if (verifier == operator) revert SessionEscrowSelfChallenge(operator);
        if (!registry.isActiveVerifier(verifier)) revert SessionEscrowNotVerifier(verifier);
    }

    /// @dev Effects first (void the claim, release it from the session), then slash and pay.
    function _uphold(bytes32 sessionId, bytes32 leaseId, uint256 w, address operator, bytes32 challengeId) private {
        uint96 amount = uint96(w);
        _claims[sessionId][leaseId] = w.withStatus(ClaimPacking.STATUS_VOIDED);
        Session storage s = _sessions[sessionId];
        s.claimed -= amount;
        s.pending -= amount;
        emit ClaimVoided(sessionId, leaseId, operator, amount);
        _slashAndSplit(sessionId, leaseId, operator, challengeId, s.owner);
    }

    function _checkAttestation(Receipt calldata r, Attestation calldata a, bytes32 receiptHash) private pure {
        if (
            a.receiptHash != receiptHash || a.sessionId != r.sessionId || a.leaseId != r.leaseId
                || a.sequence != r.sequence
        ) revert SessionEscrowAttestationMismatch();
        if (
            !a.mismatch
                || (
                    a.outputHash == r.outputHash && a.stateRootAfter == r.stateRootAfter && a.fuelUsed == r.fuelUsed
                        && a.status == r.status
                )
        ) revert SessionEscrowNoMismatch();
    }

    function _slashAndSplit(bytes32 sessionId, bytes32 leaseId, address operator, bytes32 challengeId, address client)
        private
    {
        uint256 slashed = registry.slash(operator, params.value(ParamKeys.SLASH_FRACTION_BPS));
        address[] storage attesters = _attesters[challengeId];
        uint256 n = attesters.length;
        uint256 each = (slashed * params.value(ParamKeys.SLASH_CHALLENGER_BPS)) / 10_000 / n;
        uint256 toClient = (slashed * params.value(ParamKeys.SLASH_CLIENT_BPS)) / 10_000;
        uint256 burned = slashed - each * n - toClient;
        emit ChallengeUpheld(sessionId, leaseId, operator, challengeId, slashed, each * n, toClient, burned);
        if (each != 0) {
            for (uint256 i; i < n; ++i) {
                token.safeTransfer(attesters[i], each);
            }
        }
        if (toClient != 0) token.safeTransfer(client, toClient);
        if (burned != 0) IBurnableToken(address(token)).burn(burned);
    }

    function _recover(bytes32 digest, bytes calldata sig) private pure returns (address signer) {
        (signer,,) = ECDSA.tryRecoverCalldata(digest, sig);
    }
}
