/** `padmesh gov vote <id> --support for|against|abstain`: Governor.castVote(WithReason). */
import { governorAbi } from "@padmesh/contracts";
import { type Abi, type Address, type Hash, parseEventLogs } from "viem";
import {
  createPrinter,
  formatPad,
  formatRows,
  openChainContext,
  requireWallet,
  sendCall,
} from "../../chain/index.js";
import { GovProposalError } from "./errors.js";
import type { VoteCliOptions } from "./options.js";
import { blockedReason, parseProposalId, readProposalStatus } from "./proposal.js";

export const SUPPORT = { against: 0, for: 1, abstain: 2 } as const;

export interface VoteResult {
  proposalId: bigint;
  voter: Address;
  support: keyof typeof SUPPORT;
  weight: bigint;
  transaction: Hash;
}

export async function voteHandler(idText: string, opts: VoteCliOptions): Promise<VoteResult> {
  const out = createPrinter(opts.json);
  const proposalId = parseProposalId(idText);
  const support = opts.support as keyof typeof SUPPORT;
  const ctx = await openChainContext(opts, { signer: true });
  const voter = requireWallet(ctx).account.address;
  const status = await readProposalStatus(ctx, proposalId);
  const blocked = blockedReason("vote", status);
  if (blocked) throw new GovProposalError(proposalId, `cannot vote on proposal ${proposalId}: ${blocked}`);
  const tx = await sendCall(
    ctx,
    {
      address: ctx.deployment.contracts.governor,
      abi: governorAbi as Abi,
      functionName: opts.reason ? "castVoteWithReason" : "castVote",
      args: opts.reason ? [proposalId, SUPPORT[support], opts.reason] : [proposalId, SUPPORT[support]],
    },
    "vote",
  );
  const [cast] = parseEventLogs({ abi: governorAbi, logs: tx.receipt.logs, eventName: "VoteCast" });
  const weight = cast?.args.weight ?? 0n;
  const result: VoteResult = { proposalId, voter, support, weight, transaction: tx.hash };
  out.result(result, () =>
    formatRows([
      ["proposal id", String(proposalId)],
      ["vote", support],
      ["weight", formatPad(weight)],
      ["tx", tx.hash],
    ]),
  );
  if (weight === 0n)
    out.note("your vote weighed 0: delegate PAD votes (`padmesh gov delegate`) before a proposal's snapshot");
  return result;
}
