// Clearing agent: nets a batch of trades into settlement transfers (asset 0 = cash).
// Input: a trade batch (the risk agent's output is one); formats in docs/runtime.md.
import { mulDiv, Reader, readInput, stateGet, stateSet, Writer, writeOutput } from "../kit";

const PRICE_SCALE: u64 = 100_000_000;
const CASH: u32 = 0;

class Leg {
  constructor(
    public account: u64,
    public asset: u32,
    public amount: i64,
  ) {}
}

function byAccountAsset(a: Leg, b: Leg): i32 {
  if (a.account != b.account) return a.account < b.account ? -1 : 1;
  if (a.asset != b.asset) return a.asset < b.asset ? -1 : 1;
  return 0;
}

function checkedAdd(a: i64, b: i64): i64 {
  const s = a + b;
  if ((b > 0 && s < a) || (b < 0 && s > a)) throw new Error("net amount overflow");
  return s;
}

function toI64(v: u64): i64 {
  if (v > <u64>i64.MAX_VALUE) throw new Error("amount overflow");
  return <i64>v;
}

export function step(): i32 {
  const r = new Reader(readInput());
  if (r.u8() != 1) throw new Error("unknown trade batch version");
  const n = r.u32();
  if (n > 1_000_000) throw new Error("too many trades");
  const legs = new Array<Leg>(0);
  let gross: u64 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const buyer = r.u64();
    const seller = r.u64();
    const asset = r.u32();
    const qty = r.u64();
    const price = r.u64();
    if (asset == CASH) throw new Error("asset 0 is cash and cannot be traded");
    const cash = mulDiv(qty, price, PRICE_SCALE);
    if (gross + cash < gross) throw new Error("gross notional overflow");
    gross += cash;
    legs.push(new Leg(buyer, asset, toI64(qty)));
    legs.push(new Leg(seller, asset, -toI64(qty)));
    legs.push(new Leg(buyer, CASH, -toI64(cash)));
    legs.push(new Leg(seller, CASH, toI64(cash)));
  }
  const extLen = r.u32();
  r.skip(<i32>extLen);
  if (r.remaining() != 0) throw new Error("trailing bytes after the batch");

  legs.sort(byAccountAsset);
  const out = new Writer(16 + legs.length * 20);
  out.u8(1);
  out.u32(0);
  let count: u32 = 0;
  let i = 0;
  while (i < legs.length) {
    const first = unchecked(legs[i]);
    let net: i64 = 0;
    while (i < legs.length && byAccountAsset(unchecked(legs[i]), first) == 0) {
      net = checkedAdd(net, unchecked(legs[i]).amount);
      i++;
    }
    if (net != 0) {
      out.u64(first.account);
      out.u32(first.asset);
      out.i64(net);
      count++;
    }
  }
  out.patchU32(1, count);
  out.u64(gross);
  writeOutput(out.bytes());

  // State "clearing": [u64 batches, u64 trades, u64 gross notional] cumulative.
  const prev = stateGet("clearing");
  const pr = prev != null && prev.length == 24 ? new Reader(prev) : null;
  const s = new Writer(24);
  s.u64((pr != null ? pr.u64() : 0) + 1);
  s.u64((pr != null ? pr.u64() : 0) + <u64>n);
  s.u64((pr != null ? pr.u64() : 0) + gross);
  stateSet("clearing", s.bytes());
  return 0;
}
