// Risk-control agent: health factors and liquidation decisions from positions and prices.
// Input and output formats: docs/runtime.md ("Sample agents"); TypeScript codecs in
// runtime/src/agents/risk-codec.ts. Its output is a valid clearing input: liquidations are trades.
import { log, mulDiv, Reader, readInput, stateGet, stateSet, timestampMs, Writer, writeOutput } from "../kit";

const PRICE_SCALE: u64 = 100_000_000;
const BPS: u64 = 10_000;
/** A price that moved more than this since the last step is treated conservatively. */
const MAX_JUMP_BPS: u64 = 2_000;
const WARN_BPS: u32 = 10_500;

const ACTION_HEALTHY: u8 = 0;
const ACTION_WARN: u8 = 1;
const ACTION_LIQUIDATE: u8 = 2;

class Price {
  constructor(
    public asset: u32,
    public fresh: u64,
    public last: u64,
  ) {}
  /** Conservative price for collateral: the lower of fresh and last when it jumped. */
  forCollateral(): u64 {
    return this.jumped() && this.last < this.fresh ? this.last : this.fresh;
  }
  /** Conservative price for debt: the higher of fresh and last when it jumped. */
  forDebt(): u64 {
    return this.jumped() && this.last > this.fresh ? this.last : this.fresh;
  }
  jumped(): bool {
    if (this.last == 0) return false;
    const diff = this.fresh > this.last ? this.fresh - this.last : this.last - this.fresh;
    return mulDiv(diff, BPS, this.last) > MAX_JUMP_BPS;
  }
}

function findPrice(prices: Price[], asset: u32): Price {
  for (let i = 0; i < prices.length; i++) {
    if (unchecked(prices[i]).asset == asset) return unchecked(prices[i]);
  }
  throw new Error("no price for an asset");
}

export function step(): i32 {
  const r = new Reader(readInput());
  if (r.u8() != 1) throw new Error("unknown risk input version");
  const liquidator = r.u64();
  const closeFactorBps = <u64>r.u16();
  const bonusBps = <u64>r.u16();
  if (closeFactorBps > BPS) throw new Error("close factor above 100%");

  // Last step's prices (state "px": n × [u32 asset, u64 price], sorted as received).
  const lastBlob = stateGet("px");
  const nPrices = r.u32();
  if (nPrices > 4096) throw new Error("too many prices");
  const prices = new Array<Price>(0);
  for (let i: u32 = 0; i < nPrices; i++) {
    const asset = r.u32();
    const price = r.u64();
    if (price == 0) throw new Error("zero price");
    let last: u64 = 0;
    if (lastBlob != null) {
      const lr = new Reader(lastBlob);
      while (lr.remaining() >= 12) {
        const a = lr.u32();
        const p = lr.u64();
        if (a == asset) {
          last = p;
          break;
        }
      }
    }
    prices.push(new Price(asset, price, last));
  }

  const nPositions = r.u32();
  const trades = new Writer(64 + <i32>nPositions * 8);
  const health = new Writer(8 + <i32>nPositions * 13);
  let nTrades: u32 = 0;
  health.u32(nPositions);
  for (let i: u32 = 0; i < nPositions; i++) {
    const account = r.u64();
    const collAsset = r.u32();
    const collAmount = r.u64();
    const debtAsset = r.u32();
    const debtAmount = r.u64();
    const ltBps = <u64>r.u16();
    const coll = findPrice(prices, collAsset);
    const debt = findPrice(prices, debtAsset);
    const collPx = coll.forCollateral();
    const debtPx = debt.forDebt();
    // Valuation in f64 (IEEE-exact, NaN-canonicalized by the runtime); quantities in integers.
    const collValue = (<f64>collAmount * <f64>collPx) / <f64>PRICE_SCALE;
    const debtValue = (<f64>debtAmount * <f64>debtPx) / <f64>PRICE_SCALE;
    let hf: u32 = u32.MAX_VALUE;
    if (debtValue > 0) {
      const ratio = Math.floor((collValue * <f64>ltBps) / debtValue);
      hf = ratio >= <f64>u32.MAX_VALUE ? u32.MAX_VALUE : <u32>ratio;
    }
    let action = ACTION_HEALTHY;
    if (hf < <u32>BPS) action = ACTION_LIQUIDATE;
    else if (hf < WARN_BPS) action = ACTION_WARN;
    health.u64(account);
    health.u32(hf);
    health.u8(action);
    if (action == ACTION_LIQUIDATE && debtAmount > 0) {
      const cover = mulDiv(debtAmount, closeFactorBps, BPS);
      const coverValue = mulDiv(cover, debtPx, PRICE_SCALE);
      let seize = mulDiv(mulDiv(coverValue, BPS + bonusBps, BPS), PRICE_SCALE, collPx);
      if (seize > collAmount) seize = collAmount;
      // The liquidator buys the seized collateral at a discount and repays the covered debt.
      const discounted = mulDiv(collPx, BPS, BPS + bonusBps);
      trades.u64(liquidator);
      trades.u64(account);
      trades.u32(collAsset);
      trades.u64(seize);
      trades.u64(discounted);
      trades.u64(account);
      trades.u64(liquidator);
      trades.u32(debtAsset);
      trades.u64(cover);
      trades.u64(debtPx);
      nTrades += 2;
    }
  }
  if (r.remaining() != 0) throw new Error("trailing bytes after the positions");

  // Output: a clearing input (trade batch) whose extension holds the health report.
  const out = new Writer(16 + trades.len + health.len);
  out.u8(1);
  out.u32(nTrades);
  memory.copy(out.reserve(trades.len), trades.buf.dataStart, <usize>trades.len);
  out.u32(<u32>health.len);
  memory.copy(out.reserve(health.len), health.buf.dataStart, <usize>health.len);
  writeOutput(out.bytes());

  const px = new Writer(12 * <i32>nPrices);
  for (let i = 0; i < prices.length; i++) {
    px.u32(unchecked(prices[i]).asset);
    px.u64(unchecked(prices[i]).fresh);
  }
  stateSet("px", px.bytes());
  const stats = stateGet("stats");
  const s = new Writer(24);
  const sr = stats != null && stats.length == 24 ? new Reader(stats) : null;
  s.u64((sr != null ? sr.u64() : 0) + 1);
  s.u64((sr != null ? sr.u64() : 0) + <u64>(nTrades / 2));
  s.u64(timestampMs());
  stateSet("stats", s.bytes());
  if (nTrades > 0) log("risk: " + (nTrades / 2).toString() + " liquidations");
  return 0;
}
