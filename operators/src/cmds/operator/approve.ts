/** Approve the registry to pull `amount` PAD, after checking the account holds it (a clear error beats a revert). */
import { padTokenAbi } from "@padmesh/contracts";
import type { Abi, Address } from "viem";
import {
  type ChainContext,
  ChainTxError,
  formatPad,
  requireWallet,
  type SentTx,
  sendCall,
} from "../../chain/index.js";

export async function approvePad(ctx: ChainContext, spender: Address, amount: bigint): Promise<SentTx> {
  const wallet = requireWallet(ctx);
  const balance = await ctx.publicClient.readContract({
    address: ctx.deployment.contracts.padToken,
    abi: padTokenAbi,
    functionName: "balanceOf",
    args: [wallet.account.address],
  });
  if (balance < amount) {
    throw new ChainTxError(
      "approve PAD",
      `${wallet.account.address} holds ${formatPad(balance)}, less than ${formatPad(amount)}`,
      { hint: "transfer PAD to this account first" },
    );
  }
  return sendCall(
    ctx,
    {
      address: ctx.deployment.contracts.padToken,
      abi: padTokenAbi as Abi,
      functionName: "approve",
      args: [spender, amount],
    },
    "approve PAD",
  );
}
