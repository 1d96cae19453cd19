// TWAP / rebalancing strategy: target weights and prices -> orders, spread over `slices` steps,
// limit prices banded around each asset's time-weighted average price kept in the session state.
// Formats in docs/runtime.md.
import { Reader, readInput, stateGet, stateSet, timestampMs, Writer, writeOutput } from "../kit";

const PRICE_SCALE: f64 = 100_000_000;
const BPS: f64 = 10_000;
const SIDE_BUY: u8 = 0;
const SIDE_SELL: u8 = 1;

class Twap {
  constructor(
    public asset: u32,
    public cumPxTime: f64,
    public totalTime: u64,
    public lastPrice: u64,
    public lastTs: u64,
  ) {}
}

export function step(): i32 {
  const r = new Reader(readInput());
  if (r.u8() != 1) throw new Error("unknown twap input version");
  const slices = r.u16();
  const toleranceBps = <f64>r.u16();
  if (slices == 0) throw new Error("slices must be at least 1");
  const n = r.u32();
  if (n > 4096) throw new Error("too many assets");
  const now = timestampMs();

  // State "twap": [u32 slice] then n × [u32 asset, f64 cumPxTime, u64 totalTime, u64 lastPrice, u64 lastTs].
  const blob = stateGet("twap");
  const known = new Array<Twap>(0);
  let slice: u32 = 0;
  if (blob != null) {
    const sr = new Reader(blob);
    slice = sr.u32();
    while (sr.remaining() >= 36) {
      known.push(new Twap(sr.u32(), sr.f64(), sr.u64(), sr.u64(), sr.u64()));
    }
  }

  const assets = new Array<u32>(0);
  const prices = new Array<u64>(0);
  const holdings = new Array<u64>(0);
  const weights = new Array<f64>(0);
  let value: f64 = 0;
  let weightSum: f64 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const asset = r.u32();
    const price = r.u64();
    const holding = r.u64();
    const w = <f64>r.u16();
    if (price == 0) throw new Error("zero price");
    assets.push(asset);
    prices.push(price);
    holdings.push(holding);
    weights.push(w);
    weightSum += w;
    value += (<f64>holding * <f64>price) / PRICE_SCALE;
  }
  if (r.remaining() != 0) throw new Error("trailing bytes after the assets");
  if (weightSum > BPS) throw new Error("weights add up to more than 100%");

  const remaining = <f64>(<u32>slices - (slice % <u32>slices));
  const out = new Writer(8 + <i32>n * 21);
  out.u8(1);
  out.u32(0);
  let orders: u32 = 0;
  const next = new Writer(4 + <i32>n * 36);
  next.u32(slice + 1);
  for (let i = 0; i < assets.length; i++) {
    const asset = unchecked(assets[i]);
    const price = unchecked(prices[i]);
    let t: Twap | null = null;
    for (let j = 0; j < known.length; j++) {
      if (unchecked(known[j]).asset == asset) {
        t = unchecked(known[j]);
        break;
      }
    }
    if (t == null) t = new Twap(asset, 0, 0, price, now);
    const dt = now > t.lastTs ? now - t.lastTs : 0;
    t.cumPxTime += <f64>t.lastPrice * <f64>dt;
    t.totalTime += dt;
    t.lastPrice = price;
    t.lastTs = now;
    const twap = t.totalTime > 0 ? t.cumPxTime / <f64>t.totalTime : <f64>price;
    next.u32(asset);
    next.f64(t.cumPxTime);
    next.u64(t.totalTime);
    next.u64(t.lastPrice);
    next.u64(t.lastTs);

    const target = ((value * unchecked(weights[i])) / BPS) * (PRICE_SCALE / <f64>price);
    const diff = target - <f64>unchecked(holdings[i]);
    const qty = Math.floor(Math.abs(diff) / remaining);
    if (qty < 1) continue;
    const buy = diff > 0;
    const band = buy ? 1 + toleranceBps / BPS : 1 - toleranceBps / BPS;
    out.u32(asset);
    out.u8(buy ? SIDE_BUY : SIDE_SELL);
    out.u64(<u64>qty);
    out.u64(<u64>Math.floor(twap * band));
    orders++;
  }
  out.patchU32(1, orders);
  writeOutput(out.bytes());
  stateSet("twap", next.bytes());
  return 0;
}
