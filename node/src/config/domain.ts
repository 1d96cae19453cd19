/**
 * The EIP-712 domain a node signs under: chain id + SessionEscrow address, from the config or
 * from the deployments file (`{ chainId, contracts: { sessionEscrow, operatorRegistry } }`).
 */
import { readFile } from "node:fs/promises";
import type { MeshDomain } from "@padmesh/proto";
import { ConfigError } from "../errors.js";
import type { NodeConfig } from "./schema.js";

export interface ChainAddresses {
  domain: MeshDomain;
  operatorRegistry?: `0x${string}`;
  /** True when neither config nor a deployment named a chain: a local dev domain is used. */
  dev: boolean;
}

/** Hardhat's default chain id with no contract: only for meshes without a chain (tests, demos). */
export const DEV_DOMAIN: MeshDomain = {
  chainId: 31337n,
  verifyingContract: "0x0000000000000000000000000000000000000000",
};

export async function resolveChain(config: NodeConfig): Promise<ChainAddresses> {
  const c = config.chain;
  let chainId = c.chainId;
  let escrow = c.sessionEscrow as `0x${string}` | undefined;
  let registry = c.operatorRegistry as `0x${string}` | undefined;
  if (c.deployment) {
    let d: { chainId?: number | string; contracts?: { sessionEscrow?: string; operatorRegistry?: string } };
    try {
      d = JSON.parse(await readFile(c.deployment, "utf8"));
    } catch (cause) {
      throw new ConfigError(`cannot read the deployment file ${c.deployment}`, { cause });
    }
    chainId ??= d.chainId !== undefined ? BigInt(d.chainId) : undefined;
    escrow ??= d.contracts?.sessionEscrow as `0x${string}` | undefined;
    registry ??= d.contracts?.operatorRegistry as `0x${string}` | undefined;
  }
  if (chainId === undefined || !escrow) return { domain: DEV_DOMAIN, dev: true };
  return { domain: { chainId, verifyingContract: escrow }, operatorRegistry: registry, dev: false };
}
