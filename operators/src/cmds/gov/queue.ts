/**
 * `padmesh gov queue <id>` and `padmesh gov execute <id>`: rebuild the proposal's targets, values,
 * calldatas and description hash from its ProposalCreated event, then queue it in the Timelock or
 * execute it after the delay.
 */
import { governorAbi, meshParamsAbi, paramName } from "@padmesh/contracts";
import { type Abi, type Hash, type Hex, parseEventLogs } from "viem";
import { createPrinter, formatRows, openChainContext, sendCall } from "../../chain/index.js";
import { GovProposalError } from "./errors.js";
import type { ProposalCliOptions } from "./options.js";
import { blockedReason, findProposal, parseProposalId, readProposalStatus } from "./proposal.js";

export interface QueueResult {
  proposalId: bigint;
  /** Unix seconds from which it can execute. */
  eta: bigint;
  transaction: Hash;
}

export interface ExecuteResult {
  proposalId: bigint;
  /** MeshParams changes the execution emitted. */
  changes: { name: string; key: Hex; oldValue: bigint; newValue: bigint }[];
  transaction: Hash;
}

async function prepare(idText: string, opts: ProposalCliOptions, step: "queue" | "execute") {
  const proposalId = parseProposalId(idText);
  const ctx = await openChainContext(opts, { signer: true });
  const status = await readProposalStatus(ctx, proposalId);
  const blocked = blockedReason(step, status);
  if (blocked) throw new GovProposalError(proposalId, `cannot ${step} proposal ${proposalId}: ${blocked}`);
  const p = await findProposal(ctx, proposalId);
  return { ctx, proposalId, p };
}

export async function queueHandler(idText: string, opts: ProposalCliOptions): Promise<QueueResult> {
  const out = createPrinter(opts.json);
  const { ctx, proposalId, p } = await prepare(idText, opts, "queue");
  const tx = await sendCall(
    ctx,
    {
      address: ctx.deployment.contracts.governor,
      abi: governorAbi as Abi,
      functionName: "queue",
      args: [p.targets, p.values, p.calldatas, p.descriptionHash],
    },
    "queue",
  );
  const eta = await ctx.publicClient.readContract({
    address: ctx.deployment.contracts.governor,
    abi: governorAbi,
    functionName: "proposalEta",
    args: [proposalId],
  });
  const result: QueueResult = { proposalId, eta, transaction: tx.hash };
  out.result(result, () =>
    formatRows([
      ["proposal id", String(proposalId)],
      ["queued", `executable from ${new Date(Number(eta) * 1000).toISOString()}`],
      ["tx", tx.hash],
    ]),
  );
  out.note(`next: padmesh gov execute ${proposalId} (after the timelock delay)`);
  return result;
}

export async function executeHandler(idText: string, opts: ProposalCliOptions): Promise<ExecuteResult> {
  const out = createPrinter(opts.json);
  const { ctx, proposalId, p } = await prepare(idText, opts, "execute");
  const tx = await sendCall(
    ctx,
    {
      address: ctx.deployment.contracts.governor,
      abi: governorAbi as Abi,
      functionName: "execute",
      args: [p.targets, p.values, p.calldatas, p.descriptionHash],
    },
    "execute",
  );
  const changes = parseEventLogs({
    abi: meshParamsAbi,
    logs: tx.receipt.logs,
    eventName: "ParamChanged",
  }).map((e) => ({
    name: paramName(e.args.key) ?? e.args.key,
    key: e.args.key,
    oldValue: e.args.oldValue,
    newValue: e.args.newValue,
  }));
  const result: ExecuteResult = { proposalId, changes, transaction: tx.hash };
  out.result(result, () =>
    formatRows([
      ["proposal id", String(proposalId)],
      ["executed", tx.hash],
      ...changes.map((c) => [c.name, `${c.oldValue} → ${c.newValue}`] as [string, string]),
    ]),
  );
  out.note("schedulers and nodes follow ParamChanged events: no restart needed");
  return result;
}
