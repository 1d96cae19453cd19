/**
 * The crash-test driver: runs leases of hash-chained receipts through the real journal and
 * signing guard as fast as it can, reporting each acknowledged receipt, until stopped or killed.
 * Each run salts its outputs differently, so after a restart any attempt to re-sign a recorded
 * sequence with new content is a conflicting receipt the guard must refuse.
 * Used in-process (the 100× restart loop) and as a child process killed with SIGKILL.
 */
import { type MeshDomain, type Receipt, Role, type StepOutput, sha256, ZERO_HASH } from "@padmesh/proto";
import { SigningConflictError } from "../errors.js";
import type { NodeJournal } from "../journal/interface.js";
import type { SigningGuard } from "../journal/signing-guard.js";

export interface Ack {
  lease: number;
  sequence: bigint;
  hash: Uint8Array;
  signature: Uint8Array;
  /** true when this ack is a resend of a receipt journalled by an earlier run. */
  resent: boolean;
}

export interface DriverInit {
  leases: number;
  salt: string;
  /** Stop after this many steps per lease (undefined: until the signal fires). */
  maxSteps?: number;
  signal?: AbortSignal;
}

export interface DriverResult {
  acks: number;
  conflictsRefused: number;
}

/** A fixed test key (Hardhat-style dev key): never a real operator key. */
export const DRIVER_KEY = "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba";

export const DRIVER_DOMAIN: MeshDomain = {
  chainId: 31337n,
  verifyingContract: "0x00000000000000000000000000000000000000aa",
};

export function driverLeaseId(i: number): Uint8Array {
  return sha256(new TextEncoder().encode(`crash-lease-${i}`));
}

function receiptFor(lease: number, sequence: bigint, prev: Uint8Array, salt: string): Receipt {
  const h = (tag: string) => sha256(new TextEncoder().encode(`${tag}|${lease}|${sequence}|${salt}`));
  return {
    sessionId: sha256(new TextEncoder().encode("crash-session")),
    leaseId: driverLeaseId(lease),
    role: Role.ROLE_COMPUTE,
    sequence,
    moduleHash: sha256(new TextEncoder().encode("module")),
    inputHash: h("in"),
    outputHash: h("out"),
    stateRootBefore: h("before"),
    stateRootAfter: h("after"),
    fuelUsed: 100n + sequence,
    pricePerFuel: 1n,
    prevReceiptHash: prev,
    timestampMs: 1_700_000_000_000n + sequence,
    status: 0,
    operator: "",
    signature: new Uint8Array(0),
  };
}

function outputFor(receipt: Receipt): StepOutput {
  return {
    output: receipt.outputHash,
    stateRootAfter: receipt.stateRootAfter,
    fuelUsed: receipt.fuelUsed,
    logs: [],
    receipt,
    checkpoint: new Uint8Array(0),
    stateSnapshot: receipt.stateRootAfter,
    spans: [],
  };
}

export async function runDriver(
  c: { journal: NodeJournal; guard: SigningGuard; onAck(a: Ack): void },
  init: DriverInit,
): Promise<DriverResult> {
  const result: DriverResult = { acks: 0, conflictsRefused: 0 };
  await Promise.all(
    Array.from({ length: init.leases }, async (_, lease) => {
      const leaseId = driverLeaseId(lease);
      const last = await c.journal.latestStep(leaseId);
      let sequence = last ? last.sequence + 1n : 1n;
      let prev = last ? last.receiptHash : ZERO_HASH;
      if (last) {
        // A restarted node re-running the last recorded step with different content: refused.
        const prevOfLast = last.output.receipt?.prevReceiptHash ?? ZERO_HASH;
        try {
          await c.guard.commitAndSign(outputFor(receiptFor(lease, last.sequence, prevOfLast, init.salt)));
        } catch (err) {
          if (!(err instanceof SigningConflictError)) throw err;
          result.conflictsRefused++;
        }
        // ... and the journalled one is re-sent instead.
        const again = await c.guard.resign(leaseId, last.sequence);
        if (again?.output.receipt) {
          c.onAck({
            lease,
            sequence: last.sequence,
            hash: again.receiptHash,
            signature: again.output.receipt.signature,
            resent: true,
          });
          result.acks++;
        }
      }
      let steps = 0;
      while (!init.signal?.aborted && (init.maxSteps === undefined || steps < init.maxSteps)) {
        const signed = await c.guard.commitAndSign(outputFor(receiptFor(lease, sequence, prev, init.salt)));
        const r = signed.output.receipt as Receipt;
        c.onAck({ lease, sequence, hash: signed.receiptHash, signature: r.signature, resent: false });
        result.acks++;
        prev = signed.receiptHash;
        sequence++;
        steps++;
      }
    }),
  );
  return result;
}
