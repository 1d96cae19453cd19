/**
 * A fresh in-process Hardhat network (EDR, `network.create()`), behind the same `LocalChain`
 * interface as a `hardhat node` process. Hardhat is loaded on first use only, so importing
 * `@padmesh/contracts/testing` does not load it.
 */
import type { NetworkConnection } from "hardhat/types/network";
import { custom } from "viem";
import { connectLocalChain, type LocalChain } from "./local-chain.js";

export interface InProcessChain extends LocalChain {
  /** Hardhat's connection: its `viem` and `networkHelpers` for tests that want them. */
  readonly connection: NetworkConnection;
  close(): Promise<void>;
}

export async function startInProcessChain(): Promise<InProcessChain> {
  const { network } = await import("hardhat");
  const connection = await network.create();
  const { chain } = await connection.viem.getPublicClient();
  return {
    ...connectLocalChain({ transport: custom(connection.provider), chain }),
    connection,
    close: () => connection.close(),
  };
}
