/** Chain clients for the worker binary: viem implementations where an RPC URL is configured. */
import type { Signer } from "@padmesh/proto";
import type { Logger } from "pino";
import type { ChainAddresses } from "../config/domain.js";
import type { NodeConfig } from "../config/schema.js";
import type { WorkerNodeComponents } from "../worker-node.js";

export async function createChainClients(
  config: NodeConfig,
  chain: ChainAddresses,
  _signer: Signer,
  logger: Logger,
): Promise<
  Pick<WorkerNodeComponents, "stakeChecker" | "claimSubmitter" | "challengeSubmitter" | "reexecutor">
> {
  if (!config.chain.rpcUrl || chain.dev) {
    logger.info("no RPC URL: stake checks, claims and challenges are off");
    return {};
  }
  logger.warn("chain clients are not wired yet in this build");
  return {};
}
