import { padTokenAbi, sessionEscrowAbi } from "@padmesh/contracts";
import { toHex } from "@padmesh/proto";
import type { Hash } from "viem";
import type { MeshClient } from "../client/createMeshClient.js";
import { ClientConfigError } from "../errors.js";

export interface OpenSessionParameters {
  /** PAD wei to deposit: the session's whole budget. */
  deposit: bigint;
  /** Highest price per fuel unit any lease of the session may charge. */
  maxPricePerFuel: bigint;
  /** bytes32 session id; random when omitted. */
  sessionId?: Uint8Array;
}
export interface OpenSessionReturnType {
  sessionId: Uint8Array;
  transactionHash: Hash;
  gasUsed: bigint;
}
export type OpenSessionErrorType = ClientConfigError;

/**
 * Deposit PAD into a new session escrow, registering the client's session key (which signs vouchers).
 * Approves the escrow for the deposit first when the allowance is short.
 * @example
 * const { sessionId } = await openSession(client, { deposit: parseEther("100"), maxPricePerFuel: 1_000n });
 */
export async function openSession(
  client: MeshClient,
  params: OpenSessionParameters,
): Promise<OpenSessionReturnType> {
  const chain = client.chain;
  if (!chain) throw new ClientConfigError("openSession needs `chain` in createMeshClient");
  const { publicClient, walletClient, deployment } = chain;
  const sessionId = params.sessionId ?? crypto.getRandomValues(new Uint8Array(32));
  const owner = walletClient.account.address;
  let gasUsed = 0n;
  const allowance = await publicClient.readContract({
    address: deployment.contracts.padToken,
    abi: padTokenAbi,
    functionName: "allowance",
    args: [owner, deployment.contracts.sessionEscrow],
  });
  if (allowance < params.deposit) {
    const approveHash = await walletClient.writeContract({
      address: deployment.contracts.padToken,
      abi: padTokenAbi,
      functionName: "approve",
      args: [deployment.contracts.sessionEscrow, params.deposit],
      chain: walletClient.chain,
    });
    gasUsed += (await publicClient.waitForTransactionReceipt({ hash: approveHash })).gasUsed;
  }
  const hash = await walletClient.writeContract({
    address: deployment.contracts.sessionEscrow,
    abi: sessionEscrowAbi,
    functionName: "openSession",
    args: [toHex(sessionId), params.deposit, client.sessionKey.address, params.maxPricePerFuel],
    chain: walletClient.chain,
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new ClientConfigError(`openSession reverted in ${hash}`);
  return { sessionId, transactionHash: hash, gasUsed: gasUsed + receipt.gasUsed };
}
