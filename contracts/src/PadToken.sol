// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @title PAD, the PadMesh token
/// @notice Fixed-supply ERC-20 with EIP-2612 permits (gasless escrow deposits) and ERC20Votes
///         checkpoints (governance weight). Holders burn their own tokens; the escrow burns the
///         burn share of slashes. Nothing can mint after deployment.
/// @dev Invariant: totalSupply() == initial supply - total burned; sum of balances == totalSupply().
///      Votes count only after a holder delegates (to itself or another account).
contract PadToken is ERC20, ERC20Burnable, ERC20Permit, ERC20Votes {
    /// @notice The treasury passed to the constructor was the zero address.
    error PadTokenZeroTreasury();

    /// @param treasury receives the whole supply at deployment
    /// @param supply total supply in wei (18 decimals); fixed forever
    constructor(address treasury, uint256 supply) ERC20("PadMesh", "PAD") ERC20Permit("PadMesh") {
        if (treasury == address(0)) revert PadTokenZeroTreasury();
        _mint(treasury, supply);
    }

    /// @inheritdoc ERC20Permit
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}
