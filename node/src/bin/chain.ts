/** Chain clients for the worker: viem implementations when an RPC URL and the contracts are known. */
import type { Logger } from "pino";
import { createViemChain } from "../chain/viem-chain.js";
import type { ChainAddresses } from "../config/domain.js";
import type { NodeConfig } from "../config/schema.js";
import type { WorkerNodeComponents } from "../worker-node.js";

export function createChainClients(
  config: NodeConfig,
  chain: ChainAddresses,
  privateKey: `0x${string}`,
  logger: Logger,
): Pick<WorkerNodeComponents, "stakeChecker" | "claimSubmitter" | "challengeSubmitter"> {
  if (!config.chain.rpcUrl || chain.dev || chain.chainId === undefined || !chain.sessionEscrow) {
    logger.info("no RPC URL or contracts: stake checks, claims and challenges are off");
    return {};
  }
  if (!chain.operatorRegistry) {
    logger.warn("no OperatorRegistry address: stake checks are off");
  }
  const viem = createViemChain({
    rpcUrl: config.chain.rpcUrl,
    chainId: chain.chainId,
    sessionEscrow: chain.sessionEscrow,
    operatorRegistry: chain.operatorRegistry ?? "0x0000000000000000000000000000000000000000",
    meshParams: chain.meshParams,
    privateKey,
  });
  return {
    stakeChecker: chain.operatorRegistry ? viem : undefined,
    claimSubmitter: viem,
    challengeSubmitter: viem,
  };
}
