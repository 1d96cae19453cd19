/**
 * A proposal as the chain knows it: its actions rebuilt from the Governor's `ProposalCreated`
 * event (so queue/execute keep no local state), its state, votes and timing.
 */
import { governorAbi } from "@padmesh/contracts";
import { type Address, type Hex, keccak256, stringToBytes } from "viem";
import { type ChainContext, CliArgumentError } from "../../chain/index.js";
import { GovProposalError } from "./errors.js";

/** OpenZeppelin Governor's ProposalState, by value. */
export const PROPOSAL_STATES = [
  "Pending",
  "Active",
  "Canceled",
  "Defeated",
  "Succeeded",
  "Queued",
  "Expired",
  "Executed",
] as const;
export type ProposalStateName = (typeof PROPOSAL_STATES)[number];

export interface ProposalActions {
  proposalId: bigint;
  proposer: Address;
  targets: Address[];
  values: bigint[];
  calldatas: Hex[];
  description: string;
  descriptionHash: Hex;
  voteStart: bigint;
  voteEnd: bigint;
}

export interface ProposalStatus {
  proposalId: bigint;
  state: ProposalStateName;
  votes: { against: bigint; for: bigint; abstain: bigint };
  /** The block whose voting power counts. */
  snapshot: bigint;
  /** The last block of voting. */
  deadline: bigint;
  /** Unix seconds when a queued proposal can execute (0 if not queued). */
  eta: bigint;
  quorum: bigint;
  currentBlock: bigint;
  chainTime: bigint;
}

/** Parse a proposal id: decimal or 0x hex. */
export function parseProposalId(text: string): bigint {
  const t = text.trim();
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(t)) {
    throw new CliArgumentError(
      "proposal-id",
      `"${text}" is not a proposal id (the decimal number \`gov propose\` printed)`,
    );
  }
  return BigInt(t);
}

/** Find a proposal's actions in the Governor's events since the deployment; throws GovProposalError. */
export async function findProposal(ctx: ChainContext, proposalId: bigint): Promise<ProposalActions> {
  const logs = await ctx.publicClient.getContractEvents({
    address: ctx.deployment.contracts.governor,
    abi: governorAbi,
    eventName: "ProposalCreated",
    fromBlock: BigInt(ctx.deployment.deployedAtBlock),
    toBlock: "latest",
  });
  const log = logs.find((l) => l.args.proposalId === proposalId);
  if (!log) {
    throw new GovProposalError(
      proposalId,
      `no proposal ${proposalId} on governor ${ctx.deployment.contracts.governor}`,
      "check the id `padmesh gov propose` printed, and that --rpc-url/--deployment point at the same chain",
    );
  }
  const a = log.args;
  const description = a.description ?? "";
  return {
    proposalId,
    proposer: a.proposer as Address,
    targets: [...(a.targets ?? [])] as Address[],
    values: [...(a.values ?? [])],
    calldatas: [...(a.calldatas ?? [])] as Hex[],
    description,
    descriptionHash: keccak256(stringToBytes(description)),
    voteStart: a.voteStart ?? 0n,
    voteEnd: a.voteEnd ?? 0n,
  };
}

/** A proposal's state, votes and timing now. */
export async function readProposalStatus(ctx: ChainContext, proposalId: bigint): Promise<ProposalStatus> {
  const gov = { address: ctx.deployment.contracts.governor, abi: governorAbi } as const;
  const pc = ctx.publicClient;
  const [state, [against, forVotes, abstain], snapshot, deadline, eta, block] = await Promise.all([
    pc.readContract({ ...gov, functionName: "state", args: [proposalId] }),
    pc.readContract({ ...gov, functionName: "proposalVotes", args: [proposalId] }),
    pc.readContract({ ...gov, functionName: "proposalSnapshot", args: [proposalId] }),
    pc.readContract({ ...gov, functionName: "proposalDeadline", args: [proposalId] }),
    pc.readContract({ ...gov, functionName: "proposalEta", args: [proposalId] }),
    pc.getBlock({ blockTag: "latest" }),
  ]);
  // quorum() reverts for a timepoint not yet in the past; before the snapshot, show it at the last block.
  const quorumAt = snapshot < block.number ? snapshot : block.number - 1n;
  const quorum = await pc.readContract({
    ...gov,
    functionName: "quorum",
    args: [quorumAt < 0n ? 0n : quorumAt],
  });
  return {
    proposalId,
    state: PROPOSAL_STATES[state] ?? "Pending",
    votes: { against, for: forVotes, abstain },
    snapshot,
    deadline,
    eta,
    quorum,
    currentBlock: block.number,
    chainTime: block.timestamp,
  };
}

/** Why a proposal in `s.state` cannot take `step` yet, or undefined if it can. */
export function blockedReason(step: "vote" | "queue" | "execute", s: ProposalStatus): string | undefined {
  const need: Record<typeof step, ProposalStateName> = {
    vote: "Active",
    queue: "Succeeded",
    execute: "Queued",
  };
  if (s.state === need[step]) {
    if (step === "execute" && s.chainTime < s.eta) {
      return `it is queued until ${new Date(Number(s.eta) * 1000).toISOString()} (timelock delay); retry after that`;
    }
    return undefined;
  }
  switch (s.state) {
    case "Pending":
      return `voting has not started: it opens after block ${s.snapshot} (now ${s.currentBlock})`;
    case "Active":
      return `voting is open until block ${s.deadline} (now ${s.currentBlock})`;
    case "Defeated":
      return "it was defeated (fewer for than against votes, or no quorum)";
    case "Succeeded":
      return "it passed and must be queued first: `padmesh gov queue <id>`";
    case "Queued":
      return "it is already queued: `padmesh gov execute <id>` after the timelock delay";
    default:
      return `it is ${s.state}`;
  }
}
