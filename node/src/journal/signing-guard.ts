/**
 * The signing guard: the node never signs two different receipts for the same lease and
 * sequence, even across kill -9. The intent (lease, sequence, receipt hash) is made durable
 * together with the step record BEFORE the digest is signed; a later request to sign a
 * different receipt at a recorded sequence is refused, and the same receipt is re-signed
 * (ECDSA here is RFC 6979 deterministic, so the signature is byte-identical).
 */
import {
  bytesEqual,
  hashReceipt,
  type MeshDomain,
  type Receipt,
  type Signer,
  type StepOutput,
  toHex,
} from "@padmesh/proto";
import { SigningConflictError } from "../errors.js";
import type { NodeJournal } from "./interface.js";

export interface SignedStep {
  output: StepOutput;
  receiptHash: Uint8Array;
  /** True when this exact receipt was already journalled (a resend). */
  replayed: boolean;
}

export interface SigningGuard {
  /**
   * Journal `output` (whose receipt is unsigned) and sign its receipt. Resolves only after the
   * record is durable. Throws SigningConflictError if a different receipt is recorded there.
   */
  commitAndSign(output: StepOutput): Promise<SignedStep>;
  /** Sign a receipt already journalled (restart resend); refuses anything not journalled as is. */
  resign(leaseId: Uint8Array, sequence: bigint): Promise<SignedStep | undefined>;
}

export interface SigningGuardComponents {
  journal: NodeJournal;
  signer: Signer;
  domain: MeshDomain;
}

/**
 * @example
 * const guard = createSigningGuard({ journal, signer, domain });
 * const { output } = await guard.commitAndSign({ ...stepOutput, receipt: unsignedReceipt });
 */
export function createSigningGuard(components: SigningGuardComponents): SigningGuard {
  const { journal, signer, domain } = components;
  /** Intents whose journal write is in flight: closes the window between the read and the write. */
  const inflight = new Map<string, { hash: Uint8Array; done: Promise<void> }>();
  /**
   * Per lease, the highest sequence with a recorded intent (read from the journal the first time
   * a lease is touched, then kept up to date). Above it no intent can exist, so the hot path skips
   * the journal read. Sound because one guard owns a journal (LevelDB's lock enforces one process).
   */
  const recordedMax = new Map<string, bigint>();
  const loading = new Map<string, Promise<void>>();

  async function highWater(leaseId: Uint8Array, leaseKey: string): Promise<bigint> {
    const known = recordedMax.get(leaseKey);
    if (known !== undefined) return known;
    let l = loading.get(leaseKey);
    if (!l) {
      l = journal.latestStep(leaseId).then((last) => {
        const seq = last?.sequence ?? -1n;
        const now = recordedMax.get(leaseKey);
        if (now === undefined || now < seq) recordedMax.set(leaseKey, seq);
      });
      loading.set(leaseKey, l);
    }
    await l;
    return recordedMax.get(leaseKey) as bigint;
  }

  async function sign(receipt: Receipt, hash: Uint8Array): Promise<Receipt> {
    const signature = await signer.signDigest(hash);
    return { ...receipt, operator: signer.address, signature };
  }

  return {
    async commitAndSign(output) {
      const receipt = output.receipt;
      if (!receipt) throw new TypeError("StepOutput without a receipt");
      const unsigned: Receipt = { ...receipt, operator: signer.address, signature: new Uint8Array(0) };
      const hash = hashReceipt(domain, unsigned);
      const key = `${toHex(unsigned.leaseId)}/${unsigned.sequence}`;
      const pending = inflight.get(key);
      if (pending) {
        if (!bytesEqual(pending.hash, hash))
          throw new SigningConflictError(toHex(unsigned.leaseId), unsigned.sequence);
        await pending.done;
        return {
          output: { ...output, receipt: await sign(unsigned, hash) },
          receiptHash: hash,
          replayed: true,
        };
      }
      let release!: () => void;
      const done = new Promise<void>((r) => {
        release = r;
      });
      inflight.set(key, { hash, done });
      try {
        const leaseKey = toHex(unsigned.leaseId);
        const max = await highWater(unsigned.leaseId, leaseKey);
        const recorded =
          unsigned.sequence <= max ? await journal.getIntent(unsigned.leaseId, unsigned.sequence) : undefined;
        if (recorded && !bytesEqual(recorded, hash)) {
          throw new SigningConflictError(toHex(unsigned.leaseId), unsigned.sequence);
        }
        const replayed = recorded !== undefined;
        if (!replayed) {
          await journal.appendStep({
            leaseId: unsigned.leaseId,
            sequence: unsigned.sequence,
            receiptHash: hash,
            output: { ...output, receipt: unsigned },
          });
        }
        if (unsigned.sequence > (recordedMax.get(leaseKey) ?? -1n))
          recordedMax.set(leaseKey, unsigned.sequence);
        // The signature itself is not journalled: it is a deterministic function of the intent.
        const signed = await sign(unsigned, hash);
        return { output: { ...output, receipt: signed }, receiptHash: hash, replayed };
      } finally {
        inflight.delete(key);
        release();
      }
    },
    async resign(leaseId, sequence) {
      const rec = await journal.getStep(leaseId, sequence);
      if (!rec?.output.receipt) return undefined;
      const unsigned = { ...rec.output.receipt, signature: new Uint8Array(0) };
      const hash = hashReceipt(domain, unsigned);
      if (!bytesEqual(hash, rec.receiptHash)) throw new SigningConflictError(toHex(leaseId), sequence);
      const receipt = await sign(unsigned, hash); // deterministic: the same bytes as first sent
      return { output: { ...rec.output, receipt }, receiptHash: hash, replayed: true };
    },
  };
}
