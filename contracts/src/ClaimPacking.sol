// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title One lease claim packed into one storage word
/// @dev Layout (low to high bits): cumulative uint96 | operatorId uint32 | claimedAt uint40 |
///      receiptCount uint64 | status uint8 | 16 spare bits. One word means one SSTORE per
///      claim, which is what keeps a batched claim near 30k gas per lease.
library ClaimPacking {
    uint8 internal constant STATUS_NONE = 0;
    uint8 internal constant STATUS_PENDING = 1;
    uint8 internal constant STATUS_FINALIZED = 2;
    uint8 internal constant STATUS_VOIDED = 3;

    struct Claim {
        uint96 cumulative;
        uint32 operatorId;
        uint40 claimedAt;
        uint64 receiptCount;
        uint8 status;
    }

    function pack(Claim memory c) internal pure returns (uint256 w) {
        w = uint256(c.cumulative) | (uint256(c.operatorId) << 96) | (uint256(c.claimedAt) << 128)
            | (uint256(c.receiptCount) << 168) | (uint256(c.status) << 232);
    }

    function unpack(uint256 w) internal pure returns (Claim memory c) {
        c.cumulative = uint96(w);
        c.operatorId = uint32(w >> 96);
        c.claimedAt = uint40(w >> 128);
        c.receiptCount = uint64(w >> 168);
        c.status = uint8(w >> 232);
    }

    function status(uint256 w) internal pure returns (uint8) {
        return uint8(w >> 232);
    }

    function withStatus(uint256 w, uint8 s) internal pure returns (uint256) {
        return (w & ~(uint256(0xff) << 232)) | (uint256(s) << 232);
    }
}
