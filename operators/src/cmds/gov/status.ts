/** `padmesh gov status <id>`: a proposal's state, votes, quorum and timing, and what to do next. */
import { createPrinter, formatPad, formatRows, openChainContext } from "../../chain/index.js";
import type { ProposalCliOptions } from "./options.js";
import { findProposal, type ProposalStatus, parseProposalId, readProposalStatus } from "./proposal.js";

export interface GovStatusResult extends ProposalStatus {
  description: string;
}

export async function govStatusHandler(idText: string, opts: ProposalCliOptions): Promise<GovStatusResult> {
  const out = createPrinter(opts.json);
  const proposalId = parseProposalId(idText);
  const ctx = await openChainContext(opts, { signer: false });
  const p = await findProposal(ctx, proposalId);
  const s = await readProposalStatus(ctx, proposalId);
  const result: GovStatusResult = { ...s, description: p.description };
  const next: Record<string, string> = {
    Pending: `voting opens after block ${s.snapshot} (now ${s.currentBlock})`,
    Active: `vote until block ${s.deadline}: padmesh gov vote ${proposalId} --support for|against|abstain`,
    Succeeded: `padmesh gov queue ${proposalId}`,
    Queued: `padmesh gov execute ${proposalId} from ${new Date(Number(s.eta) * 1000).toISOString()}`,
  };
  out.result(result, () =>
    formatRows([
      ["proposal id", String(proposalId)],
      ["description", p.description],
      ["state", s.state],
      [
        "votes",
        `for ${formatPad(s.votes.for)}, against ${formatPad(s.votes.against)}, abstain ${formatPad(s.votes.abstain)}`,
      ],
      ["quorum", formatPad(s.quorum)],
      ["voting", `blocks ${s.snapshot + 1n}..${s.deadline} (now ${s.currentBlock})`],
      ["next", next[s.state] ?? "-"],
    ]),
  );
  return result;
}
