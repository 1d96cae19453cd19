// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IMeshParams} from "./interfaces/IMeshParams.sol";
import {IOperatorRegistry} from "./interfaces/IOperatorRegistry.sol";
import {ParamKeys} from "./ParamKeys.sol";

/// @title OperatorRegistry: stake, identity, roles and quality of PadMesh operators
/// @notice Operators (and verifiers) stake PAD, bind their libp2p peer id and declare roles. The
///         operator's account is also its signing key for adverts, receipts and attestations.
///         Stake leaves through an unbonding delay; SessionEscrow alone can slash it.
/// @dev Invariants:
///      - `totalStaked == Σ (bonded + unbonding)` over all operators, and the registry's PAD
///        balance ≥ `totalStaked` (only `slash` and `withdrawUnbonded` move PAD out, each
///        reducing `totalStaked` by what it sends);
///      - a slash never takes more than the operator's `bonded + unbonding`;
///      - a peer id is bound to at most one operator.
contract OperatorRegistry is IOperatorRegistry, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    uint8 public constant ROLE_COMPUTE = 1;
    uint8 public constant ROLE_EXECUTION = 2;
    uint8 public constant ROLE_COORDINATION = 4;
    uint8 public constant ROLE_VERIFICATION = 8;
    uint8 public constant ALL_ROLES = 15;
    uint256 public constant MAX_PEER_ID_BYTES = 128;

    /// @dev slot 0 of an operator: amounts and unbonding state.
    struct Stake {
        uint96 bonded;
        uint96 unbonding;
        uint40 unbondReadyAt;
        uint8 roles;
    }

    /// @dev slot 1 of an operator: identity and quality counters.
    struct Profile {
        uint32 id;
        uint64 leasesSettled;
        uint64 challengesLost;
    }

    error OperatorRegistryAlreadyRegistered(address operator);
    error OperatorRegistryNotRegistered(address operator);
    error OperatorRegistryInvalidRoles(uint8 roles);
    error OperatorRegistryInvalidPeerId();
    error OperatorRegistryPeerIdTaken(string peerId, address owner);
    error OperatorRegistryStakeTooLow(uint256 bonded, uint256 required);
    error OperatorRegistryZeroAmount();
    error OperatorRegistryInsufficientBonded(uint256 requested, uint256 bonded);
    error OperatorRegistryNothingUnbonding();
    error OperatorRegistryUnbondingNotReady(uint256 readyAt, uint256 now_);
    error OperatorRegistryNotEscrow(address caller);
    error OperatorRegistryNotAdmin(address caller);
    error OperatorRegistryEscrowAlreadySet(address escrow);
    error OperatorRegistryZeroAddress();
    error OperatorRegistryFractionTooHigh(uint256 fractionBps);

    event OperatorRegistered(address indexed operator, uint32 indexed id, string peerId, uint8 roles, uint256 amount);
    event StakeAdded(address indexed operator, uint256 amount, uint256 bonded);
    event UnbondRequested(address indexed operator, uint256 amount, uint256 unbonding, uint256 readyAt);
    event UnbondWithdrawn(address indexed operator, uint256 amount);
    event PeerIdChanged(address indexed operator, string peerId);
    event RolesChanged(address indexed operator, uint8 roles);
    event OperatorSlashed(address indexed operator, uint256 amount, uint64 challengesLost);
    event LeasesSettled(address indexed operator, uint64 count, uint64 leasesSettled);
    event EscrowSet(address indexed escrow);

    IERC20 public immutable token;
    IMeshParams public immutable params;
    /// @notice The deployer, allowed exactly one call: `setEscrow`.
    address public immutable admin;
    address public escrow;
    uint256 public totalStaked;
    uint32 public operatorCount;

    mapping(address operator => Stake) private _stakes;
    mapping(address operator => Profile) private _profiles;
    mapping(address operator => string) private _peerIds;
    mapping(bytes32 peerIdHash => address) private _peerOwners;
    mapping(uint32 id => address) private _byId;

    modifier onlyEscrow() {
        if (msg.sender != escrow) revert OperatorRegistryNotEscrow(msg.sender);
        _;
    }

    constructor(IERC20 token_, IMeshParams params_) {
        if (address(token_) == address(0) || address(params_) == address(0)) revert OperatorRegistryZeroAddress();
        token = token_;
        params = params_;
        admin = msg.sender;
    }

    /// @notice Bind the SessionEscrow that may slash. Once, by the deployer.
    function setEscrow(address escrow_) external {
        if (msg.sender != admin) revert OperatorRegistryNotAdmin(msg.sender);
        if (escrow != address(0)) revert OperatorRegistryEscrowAlreadySet(escrow);
        if (escrow_ == address(0)) revert OperatorRegistryZeroAddress();
        escrow = escrow_;
        emit EscrowSet(escrow_);
    }

    // ---------------------------------------------------------------- operator actions

    /// @notice Register the caller with a libp2p peer id, a role bitmask and an initial stake
    ///         pulled with `transferFrom` (approve first).
    /// @param peerId the node's libp2p peer id (1..128 bytes), unique across operators
    /// @param roles bit0 compute, bit1 execution, bit2 coordination, bit3 verification
    /// @param amount PAD to stake; ≥ `stake.minOperator` for non-verification roles and
    ///        ≥ `stake.minVerifier` with the verification role
    function register(string calldata peerId, uint8 roles, uint256 amount) external nonReentrant {
        if (_profiles[msg.sender].id != 0) revert OperatorRegistryAlreadyRegistered(msg.sender);
        _checkRoles(roles);
        uint256 required = _requiredStake(roles);
        if (amount < required) revert OperatorRegistryStakeTooLow(amount, required);
        uint32 id = ++operatorCount;
        _profiles[msg.sender] = Profile({id: id, leasesSettled: 0, challengesLost: 0});
        _byId[id] = msg.sender;
        _bindPeerId(peerId);
        _stakes[msg.sender] =
            Stake({bonded: SafeCast.toUint96(amount), unbonding: 0, unbondReadyAt: 0, roles: roles});
        totalStaked += amount;
        emit OperatorRegistered(msg.sender, id, peerId, roles, amount);
        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @notice Add `amount` PAD to the caller's bonded stake (approve first).
    function addStake(uint256 amount) external nonReentrant {
        _requireRegistered(msg.sender);
        if (amount == 0) revert OperatorRegistryZeroAmount();
        Stake storage s = _stakes[msg.sender];
        uint96 bonded = SafeCast.toUint96(uint256(s.bonded) + amount);
        s.bonded = bonded;
        totalStaked += amount;
        emit StakeAdded(msg.sender, amount, bonded);
        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @notice Move `amount` from bonded to unbonding; withdrawable after `stake.unbondingPeriod`.
    /// @dev Each request restarts the delay for the whole unbonding amount. Unbonding stake stays
    ///      slashable until withdrawn.
    function requestUnbond(uint256 amount) external {
        _requireRegistered(msg.sender);
        if (amount == 0) revert OperatorRegistryZeroAmount();
        Stake storage s = _stakes[msg.sender];
        if (amount > s.bonded) revert OperatorRegistryInsufficientBonded(amount, s.bonded);
        uint256 readyAt = block.timestamp + params.value(ParamKeys.STAKE_UNBONDING_PERIOD);
        s.bonded -= uint96(amount);
        s.unbonding += uint96(amount);
        s.unbondReadyAt = SafeCast.toUint40(readyAt);
        emit UnbondRequested(msg.sender, amount, s.unbonding, readyAt);
    }

    /// @notice Withdraw the whole unbonding amount once its delay has passed.
    function withdrawUnbonded() external nonReentrant {
        Stake storage s = _stakes[msg.sender];
        uint256 amount = s.unbonding;
        if (amount == 0) revert OperatorRegistryNothingUnbonding();
        if (block.timestamp < s.unbondReadyAt) revert OperatorRegistryUnbondingNotReady(s.unbondReadyAt, block.timestamp);
        s.unbonding = 0;
        s.unbondReadyAt = 0;
        totalStaked -= amount;
        emit UnbondWithdrawn(msg.sender, amount);
        token.safeTransfer(msg.sender, amount);
    }

    /// @notice Re-bind the caller to a new libp2p peer id (the old one is released).
    function setPeerId(string calldata peerId) external {
        _requireRegistered(msg.sender);
        delete _peerOwners[keccak256(bytes(_peerIds[msg.sender]))];
        _bindPeerId(peerId);
        emit PeerIdChanged(msg.sender, peerId);
    }

    /// @notice Change the caller's roles; the bonded stake must meet the new roles' minimum.
    function setRoles(uint8 roles) external {
        _requireRegistered(msg.sender);
        _checkRoles(roles);
        Stake storage s = _stakes[msg.sender];
        uint256 required = _requiredStake(roles);
        if (s.bonded < required) revert OperatorRegistryStakeTooLow(s.bonded, required);
        s.roles = roles;
        emit RolesChanged(msg.sender, roles);
    }

    // ---------------------------------------------------------------- escrow hooks

    /// @inheritdoc IOperatorRegistry
    /// @dev Takes from bonded first, then unbonding; rounds down; never more than the stake.
    function slash(address operator, uint256 fractionBps) external onlyEscrow nonReentrant returns (uint256 slashed) {
        if (fractionBps > 10_000) revert OperatorRegistryFractionTooHigh(fractionBps);
        _requireRegistered(operator);
        Stake storage s = _stakes[operator];
        uint256 bonded = s.bonded;
        uint256 unbonding = s.unbonding;
        slashed = ((bonded + unbonding) * fractionBps) / 10_000;
        uint256 fromBonded = slashed <= bonded ? slashed : bonded;
        s.bonded = uint96(bonded - fromBonded);
        s.unbonding = uint96(unbonding - (slashed - fromBonded));
        totalStaked -= slashed;
        uint64 lost = ++_profiles[operator].challengesLost;
        emit OperatorSlashed(operator, slashed, lost);
        if (slashed != 0) token.safeTransfer(msg.sender, slashed);
    }

    /// @inheritdoc IOperatorRegistry
    function recordSettled(address operator, uint64 count) external onlyEscrow {
        Profile storage p = _profiles[operator];
        uint64 total = p.leasesSettled + count;
        p.leasesSettled = total;
        emit LeasesSettled(operator, count, total);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IOperatorRegistry
    function isActiveOperator(address operator) public view returns (bool) {
        return _profiles[operator].id != 0 && _stakes[operator].bonded >= params.value(ParamKeys.STAKE_MIN_OPERATOR);
    }

    /// @inheritdoc IOperatorRegistry
    function isActiveVerifier(address operator) external view returns (bool) {
        Stake memory s = _stakes[operator];
        return _profiles[operator].id != 0 && s.roles & ROLE_VERIFICATION != 0
            && s.bonded >= params.value(ParamKeys.STAKE_MIN_VERIFIER);
    }

    /// @inheritdoc IOperatorRegistry
    function activeOperatorId(address operator) external view returns (uint32) {
        uint32 id = _profiles[operator].id;
        if (id == 0 || _stakes[operator].bonded < params.value(ParamKeys.STAKE_MIN_OPERATOR)) return 0;
        return id;
    }

    /// @inheritdoc IOperatorRegistry
    function operatorId(address operator) external view returns (uint32) {
        return _profiles[operator].id;
    }

    /// @inheritdoc IOperatorRegistry
    function operatorOf(uint32 id) external view returns (address) {
        return _byId[id];
    }

    /// @notice Total stake at risk: bonded + unbonding.
    function stakeOf(address operator) external view returns (uint256) {
        Stake memory s = _stakes[operator];
        return uint256(s.bonded) + s.unbonding;
    }

    /// @notice The operator's full stake record.
    function stakeInfo(address operator)
        external
        view
        returns (uint256 bonded, uint256 unbonding, uint256 unbondReadyAt, uint8 roles)
    {
        Stake memory s = _stakes[operator];
        return (s.bonded, s.unbonding, s.unbondReadyAt, s.roles);
    }

    /// @notice The role bitmask the operator declared.
    function rolesOf(address operator) external view returns (uint8) {
        return _stakes[operator].roles;
    }

    /// @notice Quality counters the scheduler reads for reputation.
    function quality(address operator) external view returns (uint64 leasesSettled, uint64 challengesLost) {
        Profile memory p = _profiles[operator];
        return (p.leasesSettled, p.challengesLost);
    }

    /// @notice The libp2p peer id the operator bound ("" if none).
    function peerIdOf(address operator) external view returns (string memory) {
        return _peerIds[operator];
    }

    /// @notice The operator bound to `peerId` (zero address if none).
    function operatorOfPeer(string calldata peerId) external view returns (address) {
        return _peerOwners[keccak256(bytes(peerId))];
    }

    // ---------------------------------------------------------------- internals

    function _bindPeerId(string calldata peerId) private {
        uint256 len = bytes(peerId).length;
        if (len == 0 || len > MAX_PEER_ID_BYTES) revert OperatorRegistryInvalidPeerId();
        bytes32 h = keccak256(bytes(peerId));
        address current = _peerOwners[h];
        if (current != address(0)) revert OperatorRegistryPeerIdTaken(peerId, current);
        _peerOwners[h] = msg.sender;
        _peerIds[msg.sender] = peerId;
    }

    function _requireRegistered(address operator) private view {
        if (_profiles[operator].id == 0) revert OperatorRegistryNotRegistered(operator);
    }

    function _checkRoles(uint8 roles) private pure {
        if (roles == 0 || roles > ALL_ROLES) revert OperatorRegistryInvalidRoles(roles);
    }

    function _requiredStake(uint8 roles) private view returns (uint256 required) {
        if (roles & (ROLE_COMPUTE | ROLE_EXECUTION | ROLE_COORDINATION) != 0) {
            required = params.value(ParamKeys.STAKE_MIN_OPERATOR);
        }
        if (roles & ROLE_VERIFICATION != 0) {
            uint256 v = params.value(ParamKeys.STAKE_MIN_VERIFIER);
            if (v > required) required = v;
        }
    }
}
