/**
 * `padmesh gov delegate [--to <address>]`: PAD voting power counts only once delegated (to
 * yourself or someone else), and only for proposals created after the delegation.
 */
import { padTokenAbi } from "@padmesh/contracts";
import { type Abi, type Address, getAddress, type Hash, isAddress } from "viem";
import {
  CliArgumentError,
  createPrinter,
  formatPad,
  formatRows,
  openChainContext,
  requireWallet,
  sendCall,
} from "../../chain/index.js";
import type { DelegateCliOptions } from "./options.js";

export interface DelegateResult {
  delegator: Address;
  delegatee: Address;
  /** The delegatee's current votes after the delegation. */
  votes: bigint;
  transaction: Hash;
}

export async function delegateHandler(opts: DelegateCliOptions): Promise<DelegateResult> {
  const out = createPrinter(opts.json);
  if (opts.to && !isAddress(opts.to, { strict: false })) {
    throw new CliArgumentError("to", `--to "${opts.to}" is not a 20-byte hex address`);
  }
  const ctx = await openChainContext(opts, { signer: true });
  const delegator = requireWallet(ctx).account.address;
  const delegatee = opts.to ? getAddress(opts.to) : delegator;
  const token = ctx.deployment.contracts.padToken;
  const tx = await sendCall(
    ctx,
    { address: token, abi: padTokenAbi as Abi, functionName: "delegate", args: [delegatee] },
    "delegate votes",
  );
  const votes = await ctx.publicClient.readContract({
    address: token,
    abi: padTokenAbi,
    functionName: "getVotes",
    args: [delegatee],
  });
  const result: DelegateResult = { delegator, delegatee, votes, transaction: tx.hash };
  out.result(result, () =>
    formatRows([
      ["delegated", `${delegator} → ${delegatee}`],
      ["votes now", formatPad(votes)],
      ["tx", tx.hash],
    ]),
  );
  out.note("votes count for proposals created from the next block on");
  return result;
}
