/**
 * NodeJournal on level. Keys (utf8):
 *   s/<leaseHex>/<seq20>  StepOutput (receipt + output + state snapshot)
 *   i/<leaseHex>/<seq20>  receipt hash: the signing intent
 *   l/<leaseHex>          lease record (JSON, terms as base64 protobuf)
 *   v/<leaseHex>          latest Voucher (protobuf)
 *   c/<leaseHex>          claim record (JSON)
 *   m/advertSeq           last advert sequence (decimal)
 * Every write goes through one GroupCommitter (fsync per batch when `sync`).
 */
import { decodeMessage, encodeMessage, LeaseTerms, StepOutput, toHex, Voucher } from "@padmesh/proto";
import { Level } from "level";
import { JournalError } from "../errors.js";
import { GroupCommitter } from "./group-commit.js";
import type { ClaimRecord, LeaseRecord, NodeJournal, StepRecord } from "./interface.js";

export interface LevelJournalInit {
  path: string;
  sync?: boolean;
  maxBatch?: number;
}

type Op = { type: "put"; key: string; value: Uint8Array } | { type: "del"; key: string };

const seqKey = (s: bigint) => s.toString().padStart(20, "0");
const hex = (b: Uint8Array) => toHex(b).slice(2);
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/**
 * @example
 * const journal = createLevelJournal({ path: join(dataDir, "journal") });
 * await journal.open();
 */
export function createLevelJournal(init: LevelJournalInit): NodeJournal {
  const db = new Level<string, Uint8Array>(init.path, { keyEncoding: "utf8", valueEncoding: "view" });
  const sync = init.sync ?? true;
  const committer = new GroupCommitter<Op>({
    maxBatch: init.maxBatch ?? 1000,
    write: (ops) => db.batch(ops, { sync }),
  });
  let advertSeq: bigint | undefined;

  async function write(ops: Op[]): Promise<void> {
    if (db.status !== "open") throw new JournalError(`database is ${db.status}`);
    try {
      await committer.submit(ops);
    } catch (cause) {
      throw new JournalError("write failed", { cause });
    }
  }

  async function get(key: string): Promise<Uint8Array | undefined> {
    if (db.status !== "open") throw new JournalError(`database is ${db.status}`);
    return (await db.get(key)) ?? undefined;
  }

  function decodeStep(
    leaseId: Uint8Array,
    sequence: bigint,
    bytes: Uint8Array,
    intent: Uint8Array,
  ): StepRecord {
    return {
      leaseId,
      sequence,
      receiptHash: intent,
      output: decodeMessage(StepOutput, "StepOutput", bytes, { maxBytes: Number.MAX_SAFE_INTEGER }),
    };
  }

  function decodeLease(value: Uint8Array): LeaseRecord {
    const j = JSON.parse(fromUtf8.decode(value)) as Omit<LeaseRecord, "terms"> & { terms: string };
    return { ...j, terms: decodeMessage(LeaseTerms, "LeaseTerms", Buffer.from(j.terms, "base64")) };
  }

  const journal: NodeJournal = {
    stats: committer.stats,
    async open() {
      await db.open();
      const seq = await db.get("m/advertSeq");
      advertSeq = seq ? BigInt(fromUtf8.decode(seq)) : 0n;
    },
    async close() {
      await committer.flush();
      if (db.status === "open") await db.close();
    },
    async appendStep(r) {
      const k = `${hex(r.leaseId)}/${seqKey(r.sequence)}`;
      await write([
        { type: "put", key: `s/${k}`, value: encodeMessage(StepOutput, r.output) },
        { type: "put", key: `i/${k}`, value: r.receiptHash },
      ]);
    },
    async getIntent(leaseId, sequence) {
      return get(`i/${hex(leaseId)}/${seqKey(sequence)}`);
    },
    async getStep(leaseId, sequence) {
      const k = `${hex(leaseId)}/${seqKey(sequence)}`;
      const [bytes, intent] = await Promise.all([get(`s/${k}`), get(`i/${k}`)]);
      if (!bytes || !intent) return undefined;
      return decodeStep(leaseId, sequence, bytes, intent);
    },
    async latestStep(leaseId) {
      const prefix = `s/${hex(leaseId)}/`;
      for await (const [key, value] of db.iterator({
        gte: prefix,
        lt: `${prefix}~`,
        reverse: true,
        limit: 1,
      })) {
        const sequence = BigInt(key.slice(prefix.length));
        const intent = await get(`i/${hex(leaseId)}/${seqKey(sequence)}`);
        if (!intent) return undefined;
        return decodeStep(leaseId, sequence, value, intent);
      }
      return undefined;
    },
    async putLease(r) {
      const json = JSON.stringify({
        terms: Buffer.from(encodeMessage(LeaseTerms, r.terms)).toString("base64"),
        state: r.state,
        confirmedAtMs: r.confirmedAtMs,
        endedAtMs: r.endedAtMs,
        endReason: r.endReason,
      });
      await write([{ type: "put", key: `l/${hex(r.terms.leaseId)}`, value: utf8.encode(json) }]);
    },
    async leases() {
      const out: LeaseRecord[] = [];
      for await (const [, value] of db.iterator({ gte: "l/", lt: "l/~" })) out.push(decodeLease(value));
      return out;
    },
    async getLease(leaseId) {
      const b = await get(`l/${hex(leaseId)}`);
      return b ? decodeLease(b) : undefined;
    },
    async putVoucher(v) {
      await write([{ type: "put", key: `v/${hex(v.leaseId)}`, value: encodeMessage(Voucher, v) }]);
    },
    async getVoucher(leaseId) {
      const b = await get(`v/${hex(leaseId)}`);
      return b ? decodeMessage(Voucher, "Voucher", b) : undefined;
    },
    async putClaim(r) {
      const json = JSON.stringify({ ...r, leaseId: hex(r.leaseId) });
      await write([{ type: "put", key: `c/${hex(r.leaseId)}`, value: utf8.encode(json) }]);
    },
    async getClaim(leaseId) {
      const b = await get(`c/${hex(leaseId)}`);
      if (!b) return undefined;
      const j = JSON.parse(fromUtf8.decode(b)) as Omit<ClaimRecord, "leaseId">;
      return { ...j, leaseId };
    },
    async nextAdvertSequence() {
      if (advertSeq === undefined) throw new JournalError("not open");
      const next = advertSeq + 1n;
      advertSeq = next;
      await write([{ type: "put", key: "m/advertSeq", value: utf8.encode(next.toString()) }]);
      return next;
    },
  };
  return journal;
}
