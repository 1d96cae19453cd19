/**
 * TWAP / rebalancing agent formats.
 * Input:
 *   u8 version = 1, u16 slices (steps a rebalance is spread over), u16 toleranceBps (limit band)
 *   u32 n, n × { u32 asset, u64 price, u64 holding, u16 targetWeightBps }   (22 bytes each)
 * Output:
 *   u8 version = 1, u32 k, k × { u32 asset, u8 side (0 buy, 1 sell), u64 quantity, u64 limitPrice }
 * Quantities and prices have 8 decimals. The limit price is the asset's TWAP (kept in the session
 * state from the step timestamps) moved by ±toleranceBps.
 */
import { AgentCodecError } from "../errors.js";
import { LeReader, LeWriter } from "./le-bytes.js";

export interface TwapAsset {
  asset: number;
  price: bigint;
  holding: bigint;
  targetWeightBps: number;
}

export interface TwapInput {
  slices: number;
  toleranceBps: number;
  assets: TwapAsset[];
}

export const OrderSide = { buy: 0, sell: 1 } as const;
export type OrderSide = (typeof OrderSide)[keyof typeof OrderSide];

export interface Order {
  asset: number;
  side: OrderSide;
  quantity: bigint;
  limitPrice: bigint;
}

export interface TwapOutput {
  orders: Order[];
}

export function encodeTwapInput(input: TwapInput): Uint8Array {
  const w = new LeWriter(16 + 22 * input.assets.length).u8(1).u16(input.slices).u16(input.toleranceBps);
  w.u32(input.assets.length);
  for (const a of input.assets) w.u32(a.asset).u64(a.price).u64(a.holding).u16(a.targetWeightBps);
  return w.finish();
}

export function decodeTwapInput(bytes: Uint8Array): TwapInput {
  const r = new LeReader("twap input", bytes);
  r.version(1);
  const slices = r.u16();
  const toleranceBps = r.u16();
  const assets: TwapAsset[] = [];
  for (let i = r.count(22); i > 0; i--) {
    assets.push({ asset: r.u32(), price: r.u64(), holding: r.u64(), targetWeightBps: r.u16() });
  }
  r.end();
  return { slices, toleranceBps, assets };
}

export function encodeTwapOutput(out: TwapOutput): Uint8Array {
  const w = new LeWriter(8 + 21 * out.orders.length).u8(1).u32(out.orders.length);
  for (const o of out.orders) w.u32(o.asset).u8(o.side).u64(o.quantity).u64(o.limitPrice);
  return w.finish();
}

export function decodeTwapOutput(bytes: Uint8Array): TwapOutput {
  const r = new LeReader("twap output", bytes);
  r.version(1);
  const orders: Order[] = [];
  for (let i = r.count(21); i > 0; i--) {
    const asset = r.u32();
    const side = r.u8();
    if (side > 1) throw new AgentCodecError("twap output", `unknown side ${side}`);
    orders.push({ asset, side: side as OrderSide, quantity: r.u64(), limitPrice: r.u64() });
  }
  r.end();
  return { orders };
}
