/** Chain clients for the worker: viem implementations when an RPC URL and the contracts are known. */

import { sessionEscrowAbi } from "@padmesh/contracts";
import { toHex } from "@padmesh/proto";
import type { Logger } from "pino";
import { createPublicClient, http } from "viem";
import { createViemChain } from "../chain/viem-chain.js";
import type { ChainAddresses } from "../config/domain.js";
import type { NodeConfig } from "../config/schema.js";
import { createPendingChallenger } from "../verify/pending-challenges.js";
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
  // A mismatch is challenged once its lease's claim is on-chain (the escrow only accepts those).
  const reader = createPublicClient({ transport: http(config.chain.rpcUrl) });
  const escrow = chain.sessionEscrow;
  const challengeSubmitter = createPendingChallenger({
    submitter: viem,
    async readClaim(sessionId, leaseId) {
      const [, , , claimedAt, finalized, voided] = await reader.readContract({
        address: escrow,
        abi: sessionEscrowAbi,
        functionName: "claims",
        args: [toHex(sessionId), toHex(leaseId)],
      });
      return { claimedAt: BigInt(claimedAt), finalized, voided };
    },
    log: (msg, fields) => logger.info(fields, msg),
  });
  return {
    stakeChecker: chain.operatorRegistry ? viem : undefined,
    claimSubmitter: viem,
    challengeSubmitter,
  };
}
