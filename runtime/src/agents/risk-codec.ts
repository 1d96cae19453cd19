/**
 * Risk agent formats.
 * Input:
 *   u8 version = 1, u64 liquidator, u16 closeFactorBps, u16 liquidationBonusBps
 *   u32 n, n × { u32 asset, u64 price }                                        (prices, 8 decimals)
 *   u32 m, m × { u64 account, u32 collateralAsset, u64 collateralAmount,
 *                u32 debtAsset, u64 debtAmount, u16 liquidationThresholdBps }  (34 bytes each)
 * Output: a trade batch (trade-batch.ts): two trades per liquidation (the liquidator buys the seized
 * collateral at a discount; the account buys back the covered debt), and as extension the health
 * report: u32 m, m × { u64 account, u32 healthBps, u8 action (0 healthy, 1 warn, 2 liquidate) }.
 */
import { AgentCodecError } from "../errors.js";
import { LeReader, LeWriter } from "./le-bytes.js";
import { readTradeBatch, type Trade, writeTradeBatch } from "./trade-batch.js";

export interface Position {
  account: bigint;
  collateralAsset: number;
  collateralAmount: bigint;
  debtAsset: number;
  debtAmount: bigint;
  liquidationThresholdBps: number;
}

export interface RiskInput {
  liquidator: bigint;
  closeFactorBps: number;
  liquidationBonusBps: number;
  prices: { asset: number; price: bigint }[];
  positions: Position[];
}

export const RiskAction = { healthy: 0, warn: 1, liquidate: 2 } as const;
export type RiskAction = (typeof RiskAction)[keyof typeof RiskAction];

export interface HealthReport {
  account: bigint;
  /** Health factor in basis points (10,000 = 1.0), saturating at 2^32 - 1 (no debt). */
  healthBps: number;
  action: RiskAction;
}

export interface RiskOutput {
  /** Liquidation decisions as trades: a valid clearing input. */
  trades: Trade[];
  health: HealthReport[];
}

export function encodeRiskInput(input: RiskInput): Uint8Array {
  const w = new LeWriter(32 + 12 * input.prices.length + 38 * input.positions.length);
  w.u8(1).u64(input.liquidator).u16(input.closeFactorBps).u16(input.liquidationBonusBps);
  w.u32(input.prices.length);
  for (const p of input.prices) w.u32(p.asset).u64(p.price);
  w.u32(input.positions.length);
  for (const p of input.positions) {
    w.u64(p.account).u32(p.collateralAsset).u64(p.collateralAmount);
    w.u32(p.debtAsset).u64(p.debtAmount).u16(p.liquidationThresholdBps);
  }
  return w.finish();
}

export function decodeRiskInput(bytes: Uint8Array): RiskInput {
  const r = new LeReader("risk input", bytes);
  r.version(1);
  const liquidator = r.u64();
  const closeFactorBps = r.u16();
  const liquidationBonusBps = r.u16();
  const prices: RiskInput["prices"] = [];
  for (let i = r.count(12); i > 0; i--) prices.push({ asset: r.u32(), price: r.u64() });
  const positions: Position[] = [];
  for (let i = r.count(34); i > 0; i--) {
    positions.push({
      account: r.u64(),
      collateralAsset: r.u32(),
      collateralAmount: r.u64(),
      debtAsset: r.u32(),
      debtAmount: r.u64(),
      liquidationThresholdBps: r.u16(),
    });
  }
  r.end();
  return { liquidator, closeFactorBps, liquidationBonusBps, prices, positions };
}

export function encodeRiskOutput(out: RiskOutput): Uint8Array {
  const ext = new LeWriter(4 + 13 * out.health.length).u32(out.health.length);
  for (const h of out.health) ext.u64(h.account).u32(h.healthBps).u8(h.action);
  const w = new LeWriter();
  writeTradeBatch(w, { trades: out.trades, ext: ext.finish() });
  return w.finish();
}

export function decodeRiskOutput(bytes: Uint8Array): RiskOutput {
  const r = new LeReader("risk output", bytes);
  const batch = readTradeBatch(r);
  r.end();
  const e = new LeReader("risk output health report", batch.ext);
  const health: HealthReport[] = [];
  for (let i = e.count(13); i > 0; i--) {
    const account = e.u64();
    const healthBps = e.u32();
    const action = e.u8();
    if (action > 2) throw new AgentCodecError("risk output", `unknown action ${action}`);
    health.push({ account, healthBps, action: action as RiskAction });
  }
  e.end();
  return { trades: batch.trades, health };
}
