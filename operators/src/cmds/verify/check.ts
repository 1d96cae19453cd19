/**
 * Checking receipts: the operator's signature (EIP-712, needs the deployment's domain), the hash
 * chain of each lease (sequence + 1, prev hash = hash of the previous receipt), and — where the
 * module, input and state before are at hand — re-execution with `reexecute`, comparing every
 * field the receipt commits to. Every receipt gets a verdict and the reasons for it, including
 * why a check could not be made.
 */
import {
  extendChain,
  hashReceipt,
  type MeshDomain,
  type Receipt,
  type ReceiptChainCursor,
  Role,
  toHex,
  verifyReceiptSignature,
} from "@padmesh/proto";
import { moduleHash, type ReexecuteMismatch, reexecute, type SessionState } from "@padmesh/runtime";

export type CheckState = "ok" | "failed" | "unchecked";

export interface ReexecMaterial {
  module: Uint8Array;
  input: Uint8Array;
  /** The lease's state before the step: a snapshot or a live state. */
  state: Uint8Array | SessionState;
}

export interface ReceiptVerdict {
  sessionId: string;
  leaseId: string;
  role: string;
  sequence: bigint;
  operator: string;
  signature: CheckState;
  chain: CheckState;
  /** ok: re-executed and every field matched; failed: re-executed and something differed. */
  reexecution: CheckState;
  mismatches: ReexecuteMismatch[];
  fuelUsed: bigint;
  /** verified: re-executed to a match and nothing failed; mismatch: any check failed; unverified: not re-executed. */
  verdict: "verified" | "mismatch" | "unverified";
  notes: string[];
}

export interface CheckOptions {
  /** EIP-712 domain; without it signatures and chain links are not checked. */
  domain?: MeshDomain;
  /** What to re-execute a receipt with, or why it cannot be. */
  material(r: Receipt): ReexecMaterial | { unavailable: string };
  /** A module the user supplied, to compare with receipts' module hash when there is no input to re-run. */
  module?: Uint8Array;
  /** Called after each receipt (progress). */
  onChecked?: (done: number, total: number) => void;
}

const roleName = (r: Role) =>
  Object.entries(Role)
    .find(([, v]) => v === r)?.[0]
    ?.replace("ROLE_", "")
    .toLowerCase() ?? String(r);

/** Check `receipts` (any order, any leases); verdicts come back in the input order. */
export async function checkReceipts(receipts: Receipt[], opts: CheckOptions): Promise<ReceiptVerdict[]> {
  const verdicts = receipts.map(
    (r): ReceiptVerdict => ({
      sessionId: toHex(r.sessionId),
      leaseId: toHex(r.leaseId),
      role: roleName(r.role),
      sequence: r.sequence,
      operator: r.operator,
      signature: "unchecked",
      chain: "unchecked",
      reexecution: "unchecked",
      mismatches: [],
      fuelUsed: r.fuelUsed,
      verdict: "unverified",
      notes: [],
    }),
  );

  if (opts.domain) {
    const domain = opts.domain;
    for (const [i, r] of receipts.entries()) {
      const v = verdicts[i]!;
      try {
        await verifyReceiptSignature(domain, r);
        v.signature = "ok";
      } catch (err) {
        v.signature = "failed";
        v.notes.push(`signature: ${(err as Error).message.split("\n")[0]}`);
      }
    }
    // Chain links per lease, in sequence order. A lease seen from the middle (a page that starts
    // late) links from its first receipt here on.
    const byLease = new Map<string, number[]>();
    for (const [i, r] of receipts.entries()) {
      const k = toHex(r.leaseId);
      byLease.set(k, [...(byLease.get(k) ?? []), i]);
    }
    for (const idx of byLease.values()) {
      idx.sort((a, b) => (receipts[a]!.sequence < receipts[b]!.sequence ? -1 : 1));
      let cursor: ReceiptChainCursor | undefined;
      for (const i of idx) {
        const r = receipts[i]!;
        const v = verdicts[i]!;
        if (cursor === undefined) {
          // The first receipt we hold of this lease: only a lease's very first receipt links to zero.
          cursor = { sequence: undefined, hash: r.prevReceiptHash };
          if (r.prevReceiptHash.some((b) => b !== 0))
            v.notes.push("chain: first receipt held of this lease; its predecessor was not checked");
        }
        try {
          cursor = extendChain(domain, cursor, r);
          v.chain = "ok";
        } catch (err) {
          v.chain = "failed";
          v.notes.push(`chain: ${(err as Error).message}`);
          cursor = { sequence: r.sequence, hash: hashReceipt(domain, r) };
        }
      }
    }
  } else {
    for (const v of verdicts)
      v.notes.push("signature and chain not checked: pass --deployment for the EIP-712 domain");
  }

  for (const [i, r] of receipts.entries()) {
    const v = verdicts[i]!;
    const m = opts.material(r);
    if ("unavailable" in m) {
      v.notes.push(`not re-executed: ${m.unavailable}`);
      if (opts.module) {
        const same = toHex(moduleHash(opts.module)) === toHex(r.moduleHash);
        v.notes.push(same ? "module hash matches --module" : "module hash differs from --module");
      }
    } else {
      const result = await reexecute(r, m.module, m.input, m.state);
      v.reexecution = result.match ? "ok" : "failed";
      v.mismatches = result.mismatches;
    }
    const failed = v.signature === "failed" || v.chain === "failed" || v.reexecution === "failed";
    v.verdict = failed ? "mismatch" : v.reexecution === "ok" ? "verified" : "unverified";
    opts.onChecked?.(i + 1, receipts.length);
  }
  return verdicts;
}
