/**
 * The EIP-712 domain a node signs under and the contract addresses it talks to: from the
 * deployments file (`@padmesh/contracts` readDeployment / meshDomain) or from explicit config.
 */
import { meshDomain, readDeployment } from "@padmesh/contracts";
import type { MeshDomain } from "@padmesh/proto";
import type { Address } from "viem";
import { ConfigError } from "../errors.js";
import type { NodeConfig } from "./schema.js";

export interface ChainAddresses {
  domain: MeshDomain;
  chainId?: number;
  operatorRegistry?: Address;
  sessionEscrow?: Address;
  meshParams?: Address;
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
  if (c.deployment) {
    let d: Awaited<ReturnType<typeof readDeployment>>;
    try {
      d = await readDeployment(c.deployment);
    } catch (cause) {
      throw new ConfigError(`cannot read the deployment file ${c.deployment}`, { cause });
    }
    return {
      domain: meshDomain(d),
      chainId: d.chainId,
      operatorRegistry: d.contracts.operatorRegistry,
      sessionEscrow: d.contracts.sessionEscrow,
      meshParams: d.contracts.meshParams,
      dev: false,
    };
  }
  if (c.chainId === undefined || !c.sessionEscrow) return { domain: DEV_DOMAIN, dev: true };
  return {
    domain: { chainId: c.chainId, verifyingContract: c.sessionEscrow as Address },
    chainId: Number(c.chainId),
    sessionEscrow: c.sessionEscrow as Address,
    operatorRegistry: c.operatorRegistry as Address | undefined,
    dev: false,
  };
}
