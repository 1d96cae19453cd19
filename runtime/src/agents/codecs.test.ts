import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AgentCodecError } from "../errors.js";
import {
  decodeClearingInput,
  decodeClearingOutput,
  encodeClearingInput,
  encodeClearingOutput,
} from "./clearing-codec.js";
import { decodeRiskInput, decodeRiskOutput, encodeRiskInput, encodeRiskOutput } from "./risk-codec.js";
import { sampleRiskInput, sampleRiskInputData } from "./sample-inputs.js";
import { decodeTwapInput, decodeTwapOutput, encodeTwapInput, encodeTwapOutput } from "./twap-codec.js";

const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const u32 = fc.integer({ min: 0, max: 2 ** 32 - 1 });
const u16 = fc.integer({ min: 0, max: 65535 });
const trade = fc.record({ buyer: u64, seller: u64, asset: u32, quantity: u64, price: u64 });

describe("agent codecs", () => {
  it("property: risk input and output round-trip", () => {
    const position = fc.record({
      account: u64,
      collateralAsset: u32,
      collateralAmount: u64,
      debtAsset: u32,
      debtAmount: u64,
      liquidationThresholdBps: u16,
    });
    const input = fc.record({
      liquidator: u64,
      closeFactorBps: u16,
      liquidationBonusBps: u16,
      prices: fc.array(fc.record({ asset: u32, price: u64 }), { maxLength: 8 }),
      positions: fc.array(position, { maxLength: 8 }),
    });
    fc.assert(
      fc.property(input, (i) => {
        expect(decodeRiskInput(encodeRiskInput(i))).toEqual(i);
      }),
    );
    const health = fc.record({
      account: u64,
      healthBps: u32,
      action: fc.constantFrom(0 as const, 1 as const, 2 as const),
    });
    const output = fc.record({
      trades: fc.array(trade, { maxLength: 8 }),
      health: fc.array(health, { maxLength: 8 }),
    });
    fc.assert(
      fc.property(output, (o) => {
        expect(decodeRiskOutput(encodeRiskOutput(o))).toEqual(o);
      }),
    );
  });

  it("property: clearing input and output round-trip; a risk output decodes as clearing input", () => {
    fc.assert(
      fc.property(fc.array(trade, { maxLength: 10 }), (trades) => {
        expect(decodeClearingInput(encodeClearingInput(trades)).trades).toEqual(trades);
        const asRisk = encodeRiskOutput({ trades, health: [] });
        expect(decodeClearingInput(asRisk).trades).toEqual(trades);
      }),
    );
    const transfer = fc.record({
      account: u64,
      asset: u32,
      amount: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    });
    const output = fc.record({ transfers: fc.array(transfer, { maxLength: 10 }), grossNotional: u64 });
    fc.assert(
      fc.property(output, (o) => {
        expect(decodeClearingOutput(encodeClearingOutput(o))).toEqual(o);
      }),
    );
  });

  it("property: twap input and output round-trip", () => {
    const asset = fc.record({ asset: u32, price: u64, holding: u64, targetWeightBps: u16 });
    const input = fc.record({ slices: u16, toleranceBps: u16, assets: fc.array(asset, { maxLength: 8 }) });
    fc.assert(
      fc.property(input, (i) => {
        expect(decodeTwapInput(encodeTwapInput(i))).toEqual(i);
      }),
    );
    const order = fc.record({
      asset: u32,
      side: fc.constantFrom(0 as const, 1 as const),
      quantity: u64,
      limitPrice: u64,
    });
    fc.assert(
      fc.property(fc.array(order, { maxLength: 8 }), (orders) => {
        expect(decodeTwapOutput(encodeTwapOutput({ orders }))).toEqual({ orders });
      }),
    );
  });

  it("property: decoders reject truncated or padded bytes with AgentCodecError", () => {
    const bytes = sampleRiskInput(3, 5);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), (cut) => {
        expect(() => decodeRiskInput(bytes.subarray(0, cut))).toThrow(AgentCodecError);
      }),
    );
    expect(() => decodeRiskInput(new Uint8Array([...bytes, 0]))).toThrow(AgentCodecError);
  });

  it("sample inputs are deterministic in the seed", () => {
    expect(sampleRiskInput(9, 50)).toEqual(sampleRiskInput(9, 50));
    expect(sampleRiskInput(9, 50)).not.toEqual(sampleRiskInput(10, 50));
    expect(sampleRiskInputData(9, 50).positions).toHaveLength(50);
  });
});
