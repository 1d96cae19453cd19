/**
 * The trade batch: the clearing agent's input and the risk agent's output (its liquidation
 * decisions are trades), so the devnet can feed one into the other.
 *
 *   u8 version = 1
 *   u32 n, n × { u64 buyer, u64 seller, u32 asset (≠ 0), u64 quantity, u64 price }   (36 bytes each)
 *   u32 extLen, extLen bytes  (producer-specific extension; the clearing agent skips it)
 *
 * Quantities and prices are fixed point with 8 decimals; cash (asset 0) = quantity × price / 1e8.
 */
import type { LeReader, LeWriter } from "./le-bytes.js";

export const TRADE_BATCH_VERSION = 1;
/** Fixed-point scale of prices and quantities (8 decimals). */
export const PRICE_SCALE = 100_000_000n;
/** Asset id 0 is cash (the quote asset) in settlement transfers; it cannot be traded. */
export const CASH_ASSET = 0;

export interface Trade {
  buyer: bigint;
  seller: bigint;
  asset: number;
  quantity: bigint;
  price: bigint;
}

export interface TradeBatch {
  trades: Trade[];
  /** Extension bytes (the risk agent's health report); empty for plain batches. */
  ext: Uint8Array;
}

export function writeTradeBatch(w: LeWriter, batch: TradeBatch): void {
  w.u8(TRADE_BATCH_VERSION).u32(batch.trades.length);
  for (const t of batch.trades) w.u64(t.buyer).u64(t.seller).u32(t.asset).u64(t.quantity).u64(t.price);
  w.u32(batch.ext.length).bytes(batch.ext);
}

export function readTradeBatch(r: LeReader): TradeBatch {
  r.version(TRADE_BATCH_VERSION);
  const n = r.count(36);
  const trades: Trade[] = [];
  for (let i = 0; i < n; i++) {
    trades.push({ buyer: r.u64(), seller: r.u64(), asset: r.u32(), quantity: r.u64(), price: r.u64() });
  }
  const ext = r.bytes(r.count(1));
  return { trades, ext };
}
