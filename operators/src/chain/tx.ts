/**
 * Sending one contract call: simulate first (so a revert comes back as the contract's custom error,
 * with advice), send, wait for the receipt. One at a time: each call waits for its receipt, so
 * nonces never race.
 */
import {
  type Abi,
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  type Hash,
  type TransactionReceipt,
} from "viem";
import { type ChainContext, requireWallet } from "./context.js";
import { ChainTxError } from "./errors.js";

export interface ContractCall {
  address: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
}

export interface SentTx {
  hash: Hash;
  receipt: TransactionReceipt;
}

/** What to do about the reverts a CLI user can fix. */
const HINTS: Record<string, string> = {
  ERC20InsufficientBalance: "the account holds too little PAD: fund it first",
  ERC20InsufficientAllowance: "the PAD allowance is too low (the CLI approves first; retry)",
  OperatorRegistryAlreadyRegistered: "this account is registered: use `padmesh operator stake` to add stake",
  OperatorRegistryNotRegistered: "this account is not registered: run `padmesh operator register` first",
  OperatorRegistryStakeTooLow:
    "the amount is below the governance minimum (`padmesh gov params`, stake.minOperator / stake.minVerifier)",
  OperatorRegistryPeerIdTaken:
    "another operator holds this peer id: use your node's own data dir or --peer-id",
  OperatorRegistryInvalidPeerId: "the peer id must be 1..128 bytes",
  OperatorRegistryInsufficientBonded: "you cannot unbond more than is bonded: see `padmesh operator status`",
  OperatorRegistryNothingUnbonding: "nothing is unbonding: run `padmesh operator unstake <amount>` first",
  OperatorRegistryUnbondingNotReady:
    "the unbonding period has not passed yet: see `padmesh operator status` for when",
  SessionEscrowNoPendingClaim:
    "this lease has no pending claim (already finalized, voided, or never claimed)",
  SessionEscrowChallengeWindowOpen: "the challenge window of this claim is still open: retry after it ends",
  GovernorUnexpectedProposalState:
    "the proposal is not in the state this step needs: see `padmesh gov status <id>`",
  GovernorInsufficientProposerVotes:
    "the proposer has too few votes: delegate PAD first (`padmesh gov delegate`)",
  GovernorAlreadyCastVote: "this account has already voted on the proposal",
  GovernorNonexistentProposal: "no such proposal on this governor",
  TimelockUnexpectedOperationState: "the timelock operation is not ready: wait for the timelock delay",
  MeshParamsOutOfBounds: "the value is outside the parameter's bounds (see docs/governance.md)",
  MeshParamsUnknownKey: "not a MeshParams name: `padmesh gov params` lists them",
  MeshParamsSplitInvalid: "slash.challengerBps + slash.clientBps + slash.burnBps must add up to 10000",
};

/** The decoded custom error of a failed call, e.g. `OperatorRegistryStakeTooLow(5, 100)`, with a hint. */
export function describeRevert(err: unknown): { reason: string; errorName?: string; hint?: string } {
  if (err instanceof BaseError) {
    const reverted = err.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError) {
      const name = reverted.data?.errorName;
      if (name) {
        const args = (reverted.data?.args ?? []).map((a) => String(a)).join(", ");
        return { reason: `${name}(${args})`, errorName: name, hint: HINTS[name] };
      }
      return { reason: reverted.reason ?? reverted.shortMessage };
    }
    return { reason: err.shortMessage };
  }
  return { reason: err instanceof Error ? err.message : String(err) };
}

/**
 * Simulate, send and wait for `call` from the context's wallet; throws ChainTxError (with the
 * decoded revert and advice) if it would revert or did.
 * @param action what the user is doing, for the error message ("approve PAD")
 */
export async function sendCall(ctx: ChainContext, call: ContractCall, action: string): Promise<SentTx> {
  const wallet = requireWallet(ctx);
  let request: unknown;
  try {
    ({ request } = await ctx.publicClient.simulateContract({
      ...call,
      account: wallet.account,
      chain: ctx.chain,
    } as never));
  } catch (cause) {
    const { reason, hint } = describeRevert(cause);
    throw new ChainTxError(action, reason, { cause, hint });
  }
  let hash: Hash;
  try {
    hash = await wallet.writeContract(request as never);
  } catch (cause) {
    const { reason, hint } = describeRevert(cause);
    throw new ChainTxError(action, reason, { cause, hint });
  }
  const receipt = await ctx.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new ChainTxError(action, `transaction ${hash} reverted`);
  return { hash, receipt };
}
