/**
 * Where sessions live on disk: typed reads and writes over the journal. Every write here is
 * one atomic group-committed batch; callers change in-memory state only after it resolves.
 *
 * Keys: `s/<sid>` session, `l/<sid>/<lid>` lease, `q/<sid>/<seq>` submitted step,
 * `c/<sid>/<clientStepId>` idempotency, `e/<sid>/<cursor>` SessionEvent,
 * `r/<sid>/<seq>/<role>` receipt, `p/<sid>/<n>` RolePlacement, `v/<sid>/<lid>` latest voucher,
 * `k/<sha256>` checkpoint (blob/journalled.ts), `n/<peerId>` node addresses (mesh/peer-book.ts).
 */
import {
  decodeMessage,
  encodeMessage,
  type Receipt,
  Receipt as ReceiptCodec,
  RolePlacement,
  SessionEvent,
  Voucher,
} from "@padmesh/proto";
import { decodeRecord, encodeRecord, seqKey } from "../journal/codec.js";
import type { Journal, JournalOp } from "../journal/interface.js";
import type { Lease } from "../lease/machine.js";
import type { SessionRecord, StepRecord } from "./record.js";

export const keys = {
  session: (sid: string) => `s/${sid}`,
  lease: (sid: string, lid: string) => `l/${sid}/${lid}`,
  step: (sid: string, seq: bigint) => `q/${sid}/${seqKey(seq)}`,
  clientStep: (sid: string, id: string) => `c/${sid}/${id}`,
  event: (sid: string, cursor: bigint) => `e/${sid}/${seqKey(cursor)}`,
  receipt: (sid: string, seq: bigint, role: number) => `r/${sid}/${seqKey(seq)}/${role}`,
  placement: (sid: string, n: number) => `p/${sid}/${seqKey(n)}`,
  voucher: (sid: string, lid: string) => `v/${sid}/${lid}`,
};

/** Collects the ops of one atomic journal write. */
export class Batch {
  readonly ops: JournalOp[] = [];
  session(s: SessionRecord): this {
    this.ops.push({ type: "put", key: keys.session(s.sessionId), value: encodeRecord(s) });
    return this;
  }
  lease(l: Lease): this {
    this.ops.push({ type: "put", key: keys.lease(l.sessionId, l.leaseId), value: encodeRecord(l) });
    return this;
  }
  step(sid: string, s: StepRecord): this {
    this.ops.push({ type: "put", key: keys.step(sid, s.sequence), value: encodeRecord(s) });
    if (s.clientStepId) {
      this.ops.push({
        type: "put",
        key: keys.clientStep(sid, s.clientStepId),
        value: encodeRecord(s.sequence),
      });
    }
    return this;
  }
  event(sid: string, e: SessionEvent): this {
    this.ops.push({ type: "put", key: keys.event(sid, e.cursor), value: encodeMessage(SessionEvent, e) });
    return this;
  }
  receipt(sid: string, r: Receipt): this {
    this.ops.push({
      type: "put",
      key: keys.receipt(sid, r.sequence, r.role),
      value: encodeMessage(ReceiptCodec, r),
    });
    return this;
  }
  placement(sid: string, n: number, p: RolePlacement): this {
    this.ops.push({ type: "put", key: keys.placement(sid, n), value: encodeMessage(RolePlacement, p) });
    return this;
  }
  voucher(sid: string, lid: string, v: Voucher): this {
    this.ops.push({ type: "put", key: keys.voucher(sid, lid), value: encodeMessage(Voucher, v) });
    return this;
  }
}

export interface SessionStore {
  commit(batch: Batch): Promise<void>;
  loadSessions(): Promise<SessionRecord[]>;
  loadLeases(sid: string): Promise<Lease[]>;
  loadPendingSteps(sid: string, after: bigint): Promise<StepRecord[]>;
  /** The latest voucher journalled for each lease of a session. */
  loadVouchers(sid: string): Promise<Voucher[]>;
  clientStep(sid: string, clientStepId: string): Promise<bigint | undefined>;
  events(sid: string, afterCursor: bigint, limit?: number): AsyncIterable<SessionEvent>;
  receipts(sid: string, fromSequence: bigint, limit: number): Promise<Receipt[]>;
  placements(sid: string): Promise<RolePlacement[]>;
}

export function createSessionStore(journal: Journal): SessionStore {
  return {
    commit: (batch) => journal.write(batch.ops),
    async loadSessions() {
      const out: SessionRecord[] = [];
      for await (const [, v] of journal.entries("s/")) out.push(decodeRecord<SessionRecord>(v));
      return out;
    },
    async loadLeases(sid) {
      const out: Lease[] = [];
      for await (const [, v] of journal.entries(`l/${sid}/`)) out.push(decodeRecord<Lease>(v));
      return out;
    },
    async loadPendingSteps(sid, after) {
      const out: StepRecord[] = [];
      for await (const [, v] of journal.entries(`q/${sid}/`, { after: keys.step(sid, after) })) {
        out.push(decodeRecord<StepRecord>(v));
      }
      return out;
    },
    async loadVouchers(sid) {
      const out: Voucher[] = [];
      for await (const [, v] of journal.entries(`v/${sid}/`)) out.push(decodeMessage(Voucher, "Voucher", v));
      return out;
    },
    async clientStep(sid, id) {
      const v = await journal.get(keys.clientStep(sid, id));
      return v === undefined ? undefined : decodeRecord<bigint>(v);
    },
    async *events(sid, afterCursor, limit) {
      const opts = { after: keys.event(sid, afterCursor), ...(limit !== undefined ? { limit } : {}) };
      for await (const [, v] of journal.entries(`e/${sid}/`, opts)) {
        yield decodeMessage(SessionEvent, "SessionEvent", v);
      }
    },
    async receipts(sid, fromSequence, limit) {
      const out: Receipt[] = [];
      const after =
        fromSequence > 0n ? keys.step(sid, fromSequence - 1n).replace("q/", "r/") + "/~" : undefined;
      for await (const [, v] of journal.entries(`r/${sid}/`, after ? { after } : {})) {
        out.push(decodeMessage(ReceiptCodec, "Receipt", v));
        if (out.length >= limit) break;
      }
      return out;
    },
    async placements(sid) {
      const out: RolePlacement[] = [];
      for await (const [, v] of journal.entries(`p/${sid}/`))
        out.push(decodeMessage(RolePlacement, "RolePlacement", v));
      return out;
    },
  };
}
