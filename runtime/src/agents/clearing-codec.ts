/**
 * Clearing agent formats. Input: a trade batch (trade-batch.ts). Output:
 *   u8 version = 1
 *   u32 n, n × { u64 account, u32 asset (0 = cash), i64 amount }  sorted by (account, asset), no zeros
 *   u64 grossNotional  (Σ quantity × price / 1e8 over the batch)
 * A positive amount is received by the account, a negative one paid.
 */
import { LeReader, LeWriter } from "./le-bytes.js";
import { readTradeBatch, type Trade, type TradeBatch, writeTradeBatch } from "./trade-batch.js";

export interface Transfer {
  account: bigint;
  asset: number;
  amount: bigint;
}

export interface ClearingOutput {
  transfers: Transfer[];
  grossNotional: bigint;
}

/** Encodes a batch of trades (or a whole TradeBatch with an extension) as clearing input. */
export function encodeClearingInput(batch: Trade[] | TradeBatch): Uint8Array {
  const w = new LeWriter(16 + 36 * (Array.isArray(batch) ? batch.length : batch.trades.length));
  writeTradeBatch(w, Array.isArray(batch) ? { trades: batch, ext: new Uint8Array(0) } : batch);
  return w.finish();
}

export function decodeClearingInput(bytes: Uint8Array): TradeBatch {
  const r = new LeReader("clearing input", bytes);
  const batch = readTradeBatch(r);
  r.end();
  return batch;
}

export function encodeClearingOutput(out: ClearingOutput): Uint8Array {
  const w = new LeWriter(16 + 20 * out.transfers.length).u8(1).u32(out.transfers.length);
  for (const t of out.transfers) w.u64(t.account).u32(t.asset).i64(t.amount);
  return w.u64(out.grossNotional).finish();
}

export function decodeClearingOutput(bytes: Uint8Array): ClearingOutput {
  const r = new LeReader("clearing output", bytes);
  r.version(1);
  const n = r.count(20);
  const transfers: Transfer[] = [];
  for (let i = 0; i < n; i++) transfers.push({ account: r.u64(), asset: r.u32(), amount: r.i64() });
  const grossNotional = r.u64();
  r.end();
  return { transfers, grossNotional };
}
