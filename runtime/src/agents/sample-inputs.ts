/**
 * Realistic, seeded inputs for the sample agents (tests, benchmarks, the devnet demo). The same
 * seed always gives the same bytes.
 */
import { encodeCoordinationRecord, Role, StepStatus, sha256 } from "@padmesh/proto/core";
import { encodeClearingInput } from "./clearing-codec.js";
import { encodeRiskInput, type Position, type RiskInput } from "./risk-codec.js";
import type { SampleAgentName } from "./sample-agents.js";
import type { Trade } from "./trade-batch.js";
import { encodeTwapInput, type TwapInput } from "./twap-codec.js";

/** A small deterministic PRNG (mulberry32): not for keys, only for sample data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sample assets: id, reference price in quote units, liquidation threshold. */
export const SAMPLE_ASSETS: readonly { asset: number; symbol: string; price: number; ltBps: number }[] = [
  { asset: 1, symbol: "USDC", price: 1, ltBps: 9000 },
  { asset: 2, symbol: "ETH", price: 3200, ltBps: 8250 },
  { asset: 3, symbol: "WBTC", price: 64000, ltBps: 7800 },
  { asset: 4, symbol: "SOL", price: 150, ltBps: 7000 },
  { asset: 5, symbol: "LINK", price: 14, ltBps: 6800 },
  { asset: 6, symbol: "ARB", price: 0.9, ltBps: 6000 },
];

const SCALE = 100_000_000;

function scaled(value: number): bigint {
  return BigInt(Math.max(1, Math.round(value * SCALE)));
}

/** Prices near the reference, moved by up to ±`drift` (fraction). */
function samplePrices(rand: () => number, drift: number): { asset: number; price: bigint }[] {
  return SAMPLE_ASSETS.map((a) => ({
    asset: a.asset,
    price: scaled(a.price * (1 + (rand() * 2 - 1) * drift)),
  }));
}

/**
 * Lending positions (collateral in one asset, debt in another) and prices, with health factors
 * spread around 1.0 so that some positions are liquidated.
 */
export function sampleRiskInputData(seed: number, positions: number): RiskInput {
  const rand = seededRandom(seed);
  const prices = samplePrices(rand, 0.05);
  const price = (asset: number) => Number(prices.find((p) => p.asset === asset)?.price ?? 0n) / SCALE;
  const list: Position[] = [];
  for (let i = 0; i < positions; i++) {
    const coll = SAMPLE_ASSETS[
      1 + Math.floor(rand() * (SAMPLE_ASSETS.length - 1))
    ] as (typeof SAMPLE_ASSETS)[number];
    const debt =
      rand() < 0.7
        ? (SAMPLE_ASSETS[0] as (typeof SAMPLE_ASSETS)[number])
        : coll.asset === 2
          ? SAMPLE_ASSETS[3]!
          : SAMPLE_ASSETS[1]!;
    const collValue = 100 + rand() * 250_000;
    const health = 0.85 + rand() * 0.9;
    const debtValue = (collValue * (coll.ltBps / 10_000)) / health;
    list.push({
      account: BigInt(1000 + i),
      collateralAsset: coll.asset,
      collateralAmount: scaled(collValue / price(coll.asset)),
      debtAsset: debt.asset,
      debtAmount: scaled(debtValue / price(debt.asset)),
      liquidationThresholdBps: coll.ltBps,
    });
  }
  return { liquidator: 7n, closeFactorBps: 5000, liquidationBonusBps: 500, prices, positions: list };
}

/**
 * An encoded risk input: `positions` lending positions over SAMPLE_ASSETS.
 * @example
 * const out = await executeStep(risk, sampleRiskInput(42, 100), state, ctx);
 */
export function sampleRiskInput(seed: number, positions: number): Uint8Array {
  return encodeRiskInput(sampleRiskInputData(seed, positions));
}

/** A portfolio over SAMPLE_ASSETS with target weights adding up to 100%. */
export function sampleTwapInputData(seed: number, assets = SAMPLE_ASSETS.length): TwapInput {
  const rand = seededRandom(seed);
  const chosen = SAMPLE_ASSETS.slice(0, Math.max(1, Math.min(assets, SAMPLE_ASSETS.length)));
  const raw = chosen.map(() => 1 + rand() * 9);
  const sum = raw.reduce((a, b) => a + b, 0);
  const weights = raw.map((w) => Math.floor((w / sum) * 10_000));
  return {
    slices: 4,
    toleranceBps: 50,
    assets: chosen.map((a, i) => ({
      asset: a.asset,
      price: scaled(a.price * (1 + (rand() * 2 - 1) * 0.03)),
      holding: scaled((1_000 + rand() * 50_000) / a.price),
      targetWeightBps: weights[i] as number,
    })),
  };
}

export function sampleTwapInput(seed: number, assets?: number): Uint8Array {
  return encodeTwapInput(sampleTwapInputData(seed, assets));
}

/** Trades between `accounts` accounts over SAMPLE_ASSETS (other than cash). */
export function sampleTrades(seed: number, trades: number, accounts = 10): Trade[] {
  const rand = seededRandom(seed);
  const out: Trade[] = [];
  for (let i = 0; i < trades; i++) {
    const a = SAMPLE_ASSETS[Math.floor(rand() * SAMPLE_ASSETS.length)] as (typeof SAMPLE_ASSETS)[number];
    const buyer = BigInt(1 + Math.floor(rand() * accounts));
    let seller = BigInt(1 + Math.floor(rand() * accounts));
    if (seller === buyer) seller = (buyer % BigInt(accounts)) + 1n;
    out.push({
      buyer,
      seller,
      asset: a.asset,
      quantity: scaled((10 + rand() * 10_000) / a.price),
      price: scaled(a.price * (1 + (rand() * 2 - 1) * 0.01)),
    });
  }
  return out;
}

export function sampleClearingInput(seed: number, trades: number): Uint8Array {
  return encodeClearingInput(sampleTrades(seed, trades));
}

/**
 * A well-chained coordination record (proto/src/coordination.ts) of `legs` successful legs
 * (compute, then execution), with seeded hashes: sample input for the coordinator agent.
 */
export function sampleCoordinationRecord(seed: number, legs = 2): Uint8Array {
  const h = (label: string) => sha256(new TextEncoder().encode(`${seed}/${label}`));
  const stepInputHash = h("input");
  let inputHash = stepInputHash;
  const hops = Array.from({ length: legs }, (_, i) => {
    const outputHash = h(`output/${i}`);
    const hop = {
      role: i === 0 ? Role.ROLE_COMPUTE : Role.ROLE_EXECUTION,
      status: StepStatus.STEP_STATUS_OK,
      fuelUsed: BigInt(10_000 + ((seed * 7919 + i * 104_729) % 90_000)),
      receiptHash: h(`receipt/${i}`),
      inputHash,
      outputHash,
    };
    inputHash = outputHash;
    return hop;
  });
  return encodeCoordinationRecord({ stepInputHash, hops, outputHash: inputHash });
}

/** Seeded sample input for a sample agent; `size` is positions, assets, trades or legs. */
export function sampleInputFor(name: SampleAgentName, seed: number, size: number): Uint8Array {
  switch (name) {
    case "risk":
      return sampleRiskInput(seed, size);
    case "twap":
      return sampleTwapInput(seed, size);
    case "clearing":
      return sampleClearingInput(seed, size);
    case "coordinator":
      return sampleCoordinationRecord(seed, Math.min(8, Math.max(1, size)));
  }
}
