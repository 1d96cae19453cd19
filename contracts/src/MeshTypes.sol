// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title The EIP-712 structs PadMesh signs, field for field as `proto/src/eip712.ts`.
/// @dev Every field is a static type, so `keccak256(abi.encode(TYPEHASH, s))` is the EIP-712
///      struct hash. A TS test pins these typehashes to `@padmesh/proto`'s.

/// @notice An operator-signed record of one step of one lease.
struct Receipt {
    bytes32 sessionId;
    bytes32 leaseId;
    uint8 role;
    uint64 sequence;
    bytes32 moduleHash;
    bytes32 inputHash;
    bytes32 outputHash;
    bytes32 stateRootBefore;
    bytes32 stateRootAfter;
    uint64 fuelUsed;
    uint64 pricePerFuel;
    bytes32 prevReceiptHash;
    uint64 timestampMs;
    uint8 status;
}

/// @notice A session-key-signed promise: the lease's operator may take `cumulativeAmount` in total.
struct Voucher {
    bytes32 sessionId;
    bytes32 leaseId;
    address operator;
    uint256 cumulativeAmount;
    bytes32 lastReceiptHash;
    uint64 receiptCount;
}

/// @notice A verifier-signed result of re-executing a receipt.
struct Attestation {
    bytes32 receiptHash;
    bytes32 sessionId;
    bytes32 leaseId;
    uint64 sequence;
    bytes32 outputHash;
    bytes32 stateRootAfter;
    uint64 fuelUsed;
    uint8 status;
    bool mismatch;
}

bytes32 constant RECEIPT_TYPEHASH = keccak256(
    "Receipt(bytes32 sessionId,bytes32 leaseId,uint8 role,uint64 sequence,bytes32 moduleHash,bytes32 inputHash,bytes32 outputHash,bytes32 stateRootBefore,bytes32 stateRootAfter,uint64 fuelUsed,uint64 pricePerFuel,bytes32 prevReceiptHash,uint64 timestampMs,uint8 status)"
);
bytes32 constant VOUCHER_TYPEHASH = keccak256(
    "Voucher(bytes32 sessionId,bytes32 leaseId,address operator,uint256 cumulativeAmount,bytes32 lastReceiptHash,uint64 receiptCount)"
);
bytes32 constant ATTESTATION_TYPEHASH = keccak256(
    "Attestation(bytes32 receiptHash,bytes32 sessionId,bytes32 leaseId,uint64 sequence,bytes32 outputHash,bytes32 stateRootAfter,uint64 fuelUsed,uint8 status,bool mismatch)"
);
