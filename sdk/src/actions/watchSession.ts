import type { ServiceError } from "@grpc/grpc-js";
import {
  type Attestation,
  type LeaseInfo,
  type Receipt,
  type SessionEvent,
  SubmitVoucherRequest,
  signVoucher,
  type Tracer,
  toHex,
  type Voucher,
  WatchSessionRequest,
} from "@padmesh/proto";
import type { MeshClient } from "../client/createMeshClient.js";
import { authenticate, toCallError, unary } from "../client/transport.js";
import { BudgetExhaustedError, type ReceiptRejectedError } from "../errors.js";
import { createReceiptVerifier, type VerifiedReceipt } from "../receipts/receiptVerifier.js";
import { createVoucherBook, type VoucherBook } from "../vouchers/voucherBook.js";
import { isOperatorStaked } from "./isOperatorStaked.js";

export type SessionUpdate =
  | {
      type: "step";
      cursor: bigint;
      sequence: bigint;
      output: Uint8Array;
      receipts: VerifiedReceipt[];
      stateRoot: Uint8Array;
      clientStepId: string;
      latencyUs: bigint;
    }
  | {
      type: "stepFailed";
      cursor: bigint;
      sequence: bigint;
      code: string;
      message: string;
      clientStepId: string;
    }
  | { type: "receiptRejected"; cursor: bigint; receipt: Receipt; error: ReceiptRejectedError }
  | { type: "lease"; cursor: bigint; lease: LeaseInfo; reason: string }
  | { type: "verification"; cursor: bigint; attestation: Attestation; mismatch: boolean }
  | { type: "voucher"; voucher: Voucher }
  | { type: "budgetExhausted"; error: BudgetExhaustedError }
  | { type: "closed"; cursor: bigint; reason: string };

export interface WatchSessionParameters {
  sessionId: Uint8Array;
  /** Resume after this cursor (0 = from the start). */
  afterCursor?: bigint;
  /** PAD wei the vouchers may add up to (the escrow deposit). */
  budget: bigint;
  /** Leases already known (from createSession), so their operators are pinned. */
  leases?: LeaseInfo[];
  /** Sign and deliver cumulative vouchers as verified receipts arrive (default true). */
  autoVoucher?: boolean;
  /**
   * With autoVoucher: countersign at most once per this many ms (default 250). A voucher is
   * cumulative, so one covers every receipt verified since the last; an operator's unvouchered
   * work is at most this long. 0 = a voucher round after every step (more signatures and calls).
   * The close of the session always flushes at once.
   */
  voucherIntervalMs?: number;
  /** Reconnect after a scheduler restart (default true), resuming from the last cursor. */
  reconnect?: boolean;
  /** Records an `sdk.voucher` span per voucher signed and delivered (docs/observability.md). */
  tracer?: Tracer;
  signal?: AbortSignal;
}

export interface SessionWatch extends AsyncIterable<SessionUpdate> {
  readonly vouchers: VoucherBook;
  /** Sign and deliver vouchers for everything verified so far; resolves when delivered. */
  flushVouchers(): Promise<Voucher[]>;
  /** The latest voucher delivered per lease (hex lease id → voucher). */
  readonly latestVouchers: ReadonlyMap<string, Voucher>;
}

/**
 * Watch a session's outputs and receipts as an async iterator. Every receipt is verified locally
 * (signature, hash chain, operator, stake); a receipt that fails stops vouchers for its lease and is
 * reported, never paid. Verified work is countersigned as cumulative vouchers. After a scheduler
 * restart the watch reconnects and resumes from its cursor: no output is lost or repeated.
 * @example
 * const watch = watchSession(client, { sessionId, budget: deposit, leases });
 * for await (const u of watch) if (u.type === "step") console.log(u.sequence, u.output);
 */
export function watchSession(client: MeshClient, params: WatchSessionParameters): SessionWatch {
  const verifier = createReceiptVerifier({
    domain: client.domain,
    isStaked: (op) => isOperatorStaked(client, { operator: op }),
  });
  for (const l of params.leases ?? []) verifier.expectOperator(l.leaseId, l.operator);
  const book = createVoucherBook({ budget: params.budget });
  const latest = new Map<string, Voucher>();
  const autoVoucher = params.autoVoucher ?? true;
  const voucherIntervalMs = params.voucherIntervalMs ?? 250;
  let delivering: Promise<Voucher[]> = Promise.resolve([]);
  let voucherTimer: NodeJS.Timeout | undefined;
  const scheduleVouchers = () => {
    if (voucherIntervalMs <= 0) {
      void flushVouchers().catch(() => {});
      return;
    }
    if (voucherTimer) return;
    voucherTimer = setTimeout(() => {
      voucherTimer = undefined;
      void flushVouchers().catch(() => {});
    }, voucherIntervalMs);
    voucherTimer.unref();
  };

  const flushVouchers = (): Promise<Voucher[]> => {
    delivering = delivering
      .catch(() => [])
      .then(async () => {
        const sent: Voucher[] = [];
        let failure: unknown;
        // One lease's failure must not hold back the others' vouchers; what failed stays
        // pending and is sent again on the next flush.
        for (const unsigned of book.pending()) {
          const span = params.tracer?.startSpan("sdk.voucher", {
            attributes: {
              lease: toHex(unsigned.leaseId),
              operator: unsigned.operator,
              cumulative: unsigned.cumulativeAmount,
              receipts: Number(unsigned.receiptCount),
            },
          });
          const voucher = await signVoucher(client.domain, unsigned, client.sessionKey);
          // The session key authenticates the call too: a voucher is valid only under the
          // escrow's session key anyway, and the owner account (a wallet's key, signed in JS)
          // costs several times more per signature.
          const req = await authenticate(
            SubmitVoucherRequest,
            "SubmitVoucher",
            { voucher, auth: undefined },
            client.sessionKey,
          );
          const s = client.transport.scheduler;
          try {
            await unary("SubmitVoucher", s.submitVoucher.bind(s), req);
          } catch (err) {
            span?.end({ error: err });
            failure ??= err;
            continue;
          }
          span?.end();
          book.issued(voucher);
          latest.set(toHex(voucher.leaseId), voucher);
          sent.push(voucher);
        }
        if (failure !== undefined && sent.length === 0) throw failure;
        return sent;
      });
    return delivering;
  };

  /**
   * Verify receipts into the voucher book. A receipt that fails is reported and never added; its
   * lease gets no more vouchers beyond what was verified before it.
   */
  async function* check(
    receipts: Receipt[],
    cursor: bigint,
  ): AsyncGenerator<SessionUpdate, VerifiedReceipt[]> {
    const verified: VerifiedReceipt[] = [];
    for (const r of receipts) {
      try {
        const v = await verifier.verify(r);
        book.add(v);
        verified.push(v);
      } catch (err) {
        if (err instanceof BudgetExhaustedError) {
          yield { type: "budgetExhausted", error: err };
          continue;
        }
        const e = err as ReceiptRejectedError;
        book.freeze(e.leaseId ?? toHex(r.leaseId), { payVerified: true });
        if (autoVoucher) scheduleVouchers();
        yield { type: "receiptRejected", cursor, receipt: r, error: e };
      }
    }
    return verified;
  }

  async function* translate(ev: SessionEvent): AsyncGenerator<SessionUpdate> {
    const k = ev.kind;
    if (!k) return;
    switch (k.$case) {
      case "stepCompleted": {
        const verified = yield* check(k.value.receipts, ev.cursor);
        yield {
          type: "step",
          cursor: ev.cursor,
          sequence: k.value.sequence,
          output: k.value.output,
          receipts: verified,
          stateRoot: k.value.stateRoot,
          clientStepId: k.value.clientStepId,
          latencyUs: k.value.latencyUs,
        };
        if (autoVoucher && verified.length > 0) scheduleVouchers();
        return;
      }
      case "stepFailed":
        // A failed step's receipts (fuel burnt before the failure) are checked and paid like any.
        yield* check(k.value.receipts, ev.cursor);
        yield {
          type: "stepFailed",
          cursor: ev.cursor,
          sequence: k.value.sequence,
          code: k.value.code,
          message: k.value.message,
          clientStepId: k.value.clientStepId,
        };
        return;
      case "leaseChanged":
        if (k.value.lease) {
          verifier.expectOperator(k.value.lease.leaseId, k.value.lease.operator);
          yield { type: "lease", cursor: ev.cursor, lease: k.value.lease, reason: k.value.reason };
        }
        return;
      case "verification": {
        const a = k.value.attestation;
        if (!a) return;
        if (a.mismatch) book.freeze(toHex(a.leaseId));
        yield { type: "verification", cursor: ev.cursor, attestation: a, mismatch: a.mismatch };
        return;
      }
      case "closed":
        yield { type: "closed", cursor: ev.cursor, reason: k.value.reason };
        return;
    }
  }

  async function* run(): AsyncGenerator<SessionUpdate> {
    let cursor = params.afterCursor ?? 0n;
    let backoff = 50;
    for (;;) {
      params.signal?.throwIfAborted();
      const req = await authenticate(
        WatchSessionRequest,
        "WatchSession",
        { sessionId: params.sessionId, afterCursor: cursor, auth: undefined },
        client.owner,
      );
      const call = client.transport.scheduler.watchSession(req);
      const onAbort = () => call.cancel();
      params.signal?.addEventListener("abort", onAbort, { once: true });
      try {
        for await (const ev of call as AsyncIterable<SessionEvent>) {
          backoff = 50;
          if (ev.cursor <= cursor) continue; // already delivered before a reconnect
          cursor = ev.cursor;
          for await (const u of translate(ev)) {
            yield u;
            if (u.type === "closed") {
              clearTimeout(voucherTimer);
              voucherTimer = undefined;
              if (autoVoucher) for (const v of await flushVouchers()) yield { type: "voucher", voucher: v };
              return;
            }
          }
        }
        // The server ended the stream without a close event: treat as a disconnect.
      } catch (err) {
        params.signal?.throwIfAborted();
        const e = err as ServiceError;
        const transient = e.code === 14 || e.code === 4 || e.code === 13 || e.code === 1;
        if (!(params.reconnect ?? true) || !transient) throw toCallError("WatchSession", e);
      } finally {
        params.signal?.removeEventListener("abort", onAbort);
      }
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(backoff * 2, 2_000);
    }
  }

  return {
    vouchers: book,
    latestVouchers: latest,
    flushVouchers,
    [Symbol.asyncIterator]: () => run(),
  };
}
