/**
 * `padmesh operator claim <session-id>`: finalize this operator's claimed leases of a session whose
 * challenge window has passed (SessionEscrow.finalize), which pays them out less the protocol fee.
 * The leases come from the escrow's `Claimed` events. The running node claims its vouchers when its
 * leases end and finalizes them on a timer after the window; a restart loses that timer, and a node
 * with autoClaim off does neither, so this command finalizes what is left.
 */
import { meshParamsAbi, paramKey, sessionEscrowAbi } from "@padmesh/contracts";
import { type Abi, type Address, getAddress, type Hash, type Hex, isAddress, parseEventLogs } from "viem";
import {
  type ChainContext,
  CliArgumentError,
  createPrinter,
  formatPad,
  formatTable,
  loadAccount,
  openChainContext,
  sendCall,
} from "../../chain/index.js";
import type { ClaimCliOptions } from "./options.js";

const BYTES32 = /^0x[0-9a-fA-F]{64}$/;

export type LeaseClaimState = "finalized-now" | "finalized" | "voided" | "window-open" | "not-claimed";

export interface LeaseClaim {
  leaseId: Hex;
  cumulative: bigint;
  receiptCount: bigint;
  state: LeaseClaimState;
  /** Unix seconds the challenge window ends (claimedAt + escrow.challengeWindow). */
  windowEndsAt: bigint;
  /** PAD paid to the operator by this command (cumulative less the protocol fee). */
  paid: bigint;
}

export interface ClaimResult {
  sessionId: Hex;
  operator: Address;
  leases: LeaseClaim[];
  finalizeTx?: Hash;
}

function parseBytes32(text: string, what: string): Hex {
  if (!BYTES32.test(text))
    throw new CliArgumentError(what, `${what} "${text}" must be 0x followed by 64 hex digits`);
  return text.toLowerCase() as Hex;
}

/** The operator's leases of `sessionId` with their claim state, from `Claimed` events and `claims()`. */
export async function findLeaseClaims(
  ctx: ChainContext,
  sessionId: Hex,
  operator: Address,
  only?: Hex[],
): Promise<LeaseClaim[]> {
  const escrow = ctx.deployment.contracts.sessionEscrow;
  const logs = await ctx.publicClient.getContractEvents({
    address: escrow,
    abi: sessionEscrowAbi,
    eventName: "Claimed",
    args: { sessionId, operator },
    fromBlock: BigInt(ctx.deployment.deployedAtBlock),
    toBlock: "latest",
  });
  const leaseIds = [...new Set(logs.map((l) => (l.args.leaseId as Hex).toLowerCase() as Hex))];
  const wanted = only?.length ? only : leaseIds;
  const [window, block] = await Promise.all([
    ctx.publicClient.readContract({
      address: ctx.deployment.contracts.meshParams,
      abi: meshParamsAbi,
      functionName: "value",
      args: [paramKey("escrow.challengeWindow")],
    }),
    ctx.publicClient.getBlock({ blockTag: "latest" }),
  ]);
  const claims: LeaseClaim[] = [];
  for (const leaseId of wanted) {
    const [claimOperator, cumulative, receiptCount, claimedAt, finalized, voided] =
      await ctx.publicClient.readContract({
        address: escrow,
        abi: sessionEscrowAbi,
        functionName: "claims",
        args: [sessionId, leaseId],
      });
    const windowEndsAt = claimedAt + window;
    let state: LeaseClaimState;
    if (claimOperator.toLowerCase() !== operator.toLowerCase() || claimedAt === 0n) state = "not-claimed";
    else if (finalized) state = "finalized";
    else if (voided) state = "voided";
    else if (block.timestamp < windowEndsAt) state = "window-open";
    else state = "finalized-now"; // ready: becomes true once the finalize transaction succeeds
    claims.push({ leaseId, cumulative, receiptCount: BigInt(receiptCount), state, windowEndsAt, paid: 0n });
  }
  return claims;
}

export async function claimHandler(sessionIdText: string, opts: ClaimCliOptions): Promise<ClaimResult> {
  const out = createPrinter(opts.json);
  const sessionId = parseBytes32(sessionIdText, "session-id");
  const only = (opts.lease ?? []).map((l) => parseBytes32(l, "--lease"));
  let operator: Address;
  if (opts.operator) {
    if (!isAddress(opts.operator, { strict: false })) {
      throw new CliArgumentError("operator", `--operator "${opts.operator}" is not a 20-byte hex address`);
    }
    operator = getAddress(opts.operator);
  } else {
    operator = (await loadAccount({ keyFile: opts.keyFile, env: process.env })).address;
  }
  // Anyone may finalize, but the transaction needs some key to pay gas.
  const ctx = await openChainContext(opts, { signer: true });
  const leases = await findLeaseClaims(ctx, sessionId, operator, only);
  const ready = leases.filter((l) => l.state === "finalized-now");
  let finalizeTx: Hash | undefined;
  if (ready.length > 0) {
    out.note(`finalizing ${ready.length} lease claim(s) of session ${sessionId}`);
    const tx = await sendCall(
      ctx,
      {
        address: ctx.deployment.contracts.sessionEscrow,
        abi: sessionEscrowAbi as Abi,
        functionName: "finalize",
        args: [sessionId, ready.map((l) => l.leaseId)],
      },
      "finalize claims",
    );
    finalizeTx = tx.hash;
    const events = parseEventLogs({
      abi: sessionEscrowAbi,
      logs: tx.receipt.logs,
      eventName: "ClaimFinalized",
    });
    for (const ev of events) {
      const lease = ready.find((l) => l.leaseId === (ev.args.leaseId as Hex).toLowerCase());
      if (lease) lease.paid = ev.args.amount - ev.args.fee;
    }
  }
  const result: ClaimResult = { sessionId, operator, leases, ...(finalizeTx ? { finalizeTx } : {}) };
  out.result(result, () => formatClaims(result));
  if (leases.length === 0) {
    out.note(
      `no Claimed events for ${operator} in session ${sessionId}: the node claims its vouchers when leases end`,
    );
  }
  return result;
}

export function formatClaims(r: ClaimResult): string {
  const when = (t: bigint) => new Date(Number(t) * 1000).toISOString();
  const rows = r.leases.map((l) => [
    l.leaseId,
    formatPad(l.cumulative),
    String(l.receiptCount),
    l.state === "window-open" ? `window open until ${when(l.windowEndsAt)}` : l.state,
    l.paid > 0n ? formatPad(l.paid) : "-",
  ]);
  const table = formatTable(["lease", "claimed", "receipts", "state", "paid now"], rows);
  return r.finalizeTx ? `${table}\nfinalize tx ${r.finalizeTx}` : table;
}
