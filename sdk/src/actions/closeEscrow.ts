import { sessionEscrowAbi } from "@padmesh/contracts";
import { toHex } from "@padmesh/proto";
import type { Hash } from "viem";
import type { MeshClient } from "../client/createMeshClient.js";
import { ClientConfigError } from "../errors.js";

export interface CloseEscrowParameters {
  sessionId: Uint8Array;
}
export interface CloseEscrowReturnType {
  transactionHash: Hash;
}
export type CloseEscrowErrorType = ClientConfigError;

/**
 * Close the session's escrow on-chain: no more top-ups; operators may still claim during the
 * grace period. Call `withdrawRemaining` after it to take back what was not claimed.
 * @example
 * await closeEscrow(client, { sessionId });
 */
export async function closeEscrow(
  client: MeshClient,
  params: CloseEscrowParameters,
): Promise<CloseEscrowReturnType> {
  const chain = client.chain;
  if (!chain) throw new ClientConfigError("closeEscrow needs `chain` in createMeshClient");
  const hash = await chain.walletClient.writeContract({
    address: chain.deployment.contracts.sessionEscrow,
    abi: sessionEscrowAbi,
    functionName: "closeSession",
    args: [toHex(params.sessionId)],
    chain: chain.walletClient.chain,
  });
  await chain.publicClient.waitForTransactionReceipt({ hash });
  return { transactionHash: hash };
}

export interface WithdrawRemainingReturnType {
  transactionHash: Hash;
  refunded: bigint;
}

/**
 * Take back the unclaimed deposit once the escrow is closed, its claim period is over and every
 * claim is finalized or voided. Reverts on-chain (with the contract's custom error) before then.
 * @example
 * const { refunded } = await withdrawRemaining(client, { sessionId });
 */
export async function withdrawRemaining(
  client: MeshClient,
  params: CloseEscrowParameters,
): Promise<WithdrawRemainingReturnType> {
  const chain = client.chain;
  if (!chain) throw new ClientConfigError("withdrawRemaining needs `chain` in createMeshClient");
  const [, , deposit, claimed] = await chain.publicClient.readContract({
    address: chain.deployment.contracts.sessionEscrow,
    abi: sessionEscrowAbi,
    functionName: "sessions",
    args: [toHex(params.sessionId)],
  });
  const hash = await chain.walletClient.writeContract({
    address: chain.deployment.contracts.sessionEscrow,
    abi: sessionEscrowAbi,
    functionName: "withdrawRemaining",
    args: [toHex(params.sessionId)],
    chain: chain.walletClient.chain,
  });
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new ClientConfigError(`withdrawRemaining reverted in ${hash}`);
  return { transactionHash: hash, refunded: deposit - claimed };
}
