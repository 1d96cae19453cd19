// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @dev A hostile ERC-20 (think ERC-777 hooks): when armed, every transfer calls `target` with
///      `data` before moving tokens, and records how that re-entrant call ended.
contract ReentrantToken is ERC20 {
    address public target;
    bytes public data;
    bool public attempted;
    bytes public lastRevert;

    constructor() ERC20("Hostile", "HOST") {
        _mint(msg.sender, 1e30);
    }

    function arm(address target_, bytes calldata data_) external {
        target = target_;
        data = data_;
        attempted = false;
        delete lastRevert;
    }

    function burn(uint256 value) external {
        _burn(msg.sender, value);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (target != address(0) && from != address(0) && to != address(0)) {
            address t = target;
            target = address(0); // once
            attempted = true;
            (bool ok, bytes memory ret) = t.call(data);
            if (!ok) lastRevert = ret;
        }
        super._update(from, to, value);
    }
}
