import { StepStatus } from "@padmesh/proto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { executeStep } from "../exec/execute-step.js";
import { type AgentModule, loadModule } from "../module/agent-module.js";
import { SessionState } from "../state/session-state.js";
import { buildSampleAgents } from "./build-agents.js";
import { decodeClearingOutput, encodeClearingInput } from "./clearing-codec.js";
import {
  decodeRiskOutput,
  encodeRiskInput,
  type Position,
  RiskAction,
  type RiskInput,
} from "./risk-codec.js";
import { loadSampleAgent } from "./sample-agents.js";
import { sampleRiskInput, sampleRiskInputData, sampleTwapInputData } from "./sample-inputs.js";
import { CASH_ASSET, PRICE_SCALE, type Trade } from "./trade-batch.js";
import { decodeTwapOutput, encodeTwapInput, OrderSide, type TwapInput } from "./twap-codec.js";

const agents: Record<"risk" | "twap" | "clearing", AgentModule> = {} as never;
const ctx = (i = 1) => ({ sequence: BigInt(i), timestampMs: 1_700_000_000_000n + BigInt(i) * 1000n });

beforeAll(async () => {
  await buildSampleAgents();
  for (const name of ["risk", "twap", "clearing"] as const)
    agents[name] = await loadModule(await loadSampleAgent(name));
});

/** Reference netting in exact integer arithmetic. */
function referenceNetting(trades: Trade[]) {
  const net = new Map<string, bigint>();
  let gross = 0n;
  const add = (account: bigint, asset: number, amount: bigint) => {
    const k = `${account.toString().padStart(20, "0")}/${asset.toString().padStart(10, "0")}`;
    net.set(k, (net.get(k) ?? 0n) + amount);
  };
  for (const t of trades) {
    const cash = (t.quantity * t.price) / PRICE_SCALE;
    gross += cash;
    add(t.buyer, t.asset, t.quantity);
    add(t.seller, t.asset, -t.quantity);
    add(t.buyer, CASH_ASSET, -cash);
    add(t.seller, CASH_ASSET, cash);
  }
  const transfers = [...net.entries()]
    .filter(([, v]) => v !== 0n)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, amount]) => {
      const [account, asset] = k.split("/") as [string, string];
      return { account: BigInt(account), asset: Number(asset), amount };
    });
  return { transfers, grossNotional: gross };
}

const tradeArb = fc.record({
  buyer: fc.bigInt({ min: 1n, max: 20n }),
  seller: fc.bigInt({ min: 1n, max: 20n }),
  asset: fc.integer({ min: 1, max: 6 }),
  quantity: fc.bigInt({ min: 1n, max: 10n ** 13n }),
  price: fc.bigInt({ min: 1n, max: 10n ** 12n }),
});

describe("clearing agent", () => {
  it("property: nets any batch exactly like the integer reference, conserving every asset and cash", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(tradeArb, { maxLength: 60 }), async (trades) => {
        const out = await executeStep(
          agents.clearing,
          encodeClearingInput(trades),
          new SessionState(),
          ctx(),
        );
        expect(out.status).toBe(StepStatus.STEP_STATUS_OK);
        const decoded = decodeClearingOutput(out.output);
        expect(decoded).toEqual(referenceNetting(trades));
        const perAsset = new Map<number, bigint>();
        for (const t of decoded.transfers) perAsset.set(t.asset, (perAsset.get(t.asset) ?? 0n) + t.amount);
        for (const total of perAsset.values()) expect(total).toBe(0n);
      }),
      { numRuns: 60 },
    );
  });

  it("refuses amounts that overflow 64 bits instead of wrapping", async () => {
    const huge = { buyer: 1n, seller: 2n, asset: 1, quantity: 2n ** 63n, price: 2n * PRICE_SCALE };
    const out = await executeStep(agents.clearing, encodeClearingInput([huge]), new SessionState(), ctx());
    expect(out.status).toBe(StepStatus.STEP_STATUS_AGENT_ERROR);
    expect(out.error?.message).toMatch(/overflow/);
  });

  it("keeps cumulative statistics in its state across steps", async () => {
    let state = new SessionState();
    for (let i = 1; i <= 3; i++) {
      const out = await executeStep(agents.clearing, encodeClearingInput([]), state, ctx(i));
      state = out.state;
    }
    const stats = state.get(new TextEncoder().encode("clearing"));
    expect(stats && Buffer.from(stats).readBigUInt64LE(0)).toBe(3n);
  });
});

/** The agent's health factor, computed the same way in IEEE doubles (first step: no price jumps). */
function referenceHealth(input: RiskInput, p: Position): number {
  const price = (asset: number) => Number(input.prices.find((x) => x.asset === asset)?.price);
  const coll = (Number(p.collateralAmount) * price(p.collateralAsset)) / 1e8;
  const debt = (Number(p.debtAmount) * price(p.debtAsset)) / 1e8;
  if (!(debt > 0)) return 2 ** 32 - 1;
  const ratio = Math.floor((coll * p.liquidationThresholdBps) / debt);
  return Math.min(ratio, 2 ** 32 - 1);
}

describe("risk agent", () => {
  it("property: health factors, actions and liquidation trades follow the rules, and the output clears", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 80 }),
        async (seed, n) => {
          const data = sampleRiskInputData(seed, n);
          const out = await executeStep(agents.risk, encodeRiskInput(data), new SessionState(), ctx());
          expect(out.status).toBe(StepStatus.STEP_STATUS_OK);
          const decoded = decodeRiskOutput(out.output);
          expect(decoded.health.map((h) => h.account)).toEqual(data.positions.map((p) => p.account));
          let liquidations = 0;
          decoded.health.forEach((h, i) => {
            const position = data.positions[i] as Position;
            expect(h.healthBps).toBe(referenceHealth(data, position));
            const expected =
              h.healthBps < 10_000
                ? RiskAction.liquidate
                : h.healthBps < 10_500
                  ? RiskAction.warn
                  : RiskAction.healthy;
            expect(h.action).toBe(expected);
            if (h.action === RiskAction.liquidate) liquidations++;
          });
          expect(decoded.trades.length).toBe(2 * liquidations);
          for (let i = 0; i < decoded.trades.length; i += 2) {
            const seize = decoded.trades[i] as Trade;
            const repay = decoded.trades[i + 1] as Trade;
            expect(seize.buyer).toBe(data.liquidator);
            expect(repay.seller).toBe(data.liquidator);
            expect(seize.seller).toBe(repay.buyer);
            const position = data.positions.find((p) => p.account === seize.seller) as Position;
            expect(seize.quantity).toBeLessThanOrEqual(position.collateralAmount);
            expect(repay.quantity).toBe((position.debtAmount * 5000n) / 10_000n);
          }
          // The devnet pipeline: risk output is a valid clearing input.
          const cleared = await executeStep(agents.clearing, out.output, new SessionState(), ctx());
          expect(cleared.status).toBe(StepStatus.STEP_STATUS_OK);
          expect(decodeClearingOutput(cleared.output)).toEqual(referenceNetting(decoded.trades));
        },
      ),
      { numRuns: 40 },
    );
  });

  it("treats a price that jumped since the last step conservatively", async () => {
    const base = sampleRiskInputData(5, 0);
    const eth = base.prices.find((p) => p.asset === 2)?.price as bigint;
    const position: Position = {
      account: 1n,
      collateralAsset: 2,
      collateralAmount: 10n ** 8n, // 1 ETH
      debtAsset: 1,
      debtAmount: (((eth * 8250n) / 10_000n) * 100n) / 105n, // health 1.05 at the old price
      liquidationThresholdBps: 8250,
    };
    const first = await executeStep(
      agents.risk,
      encodeRiskInput({ ...base, positions: [position] }),
      new SessionState(),
      ctx(1),
    );
    expect(decodeRiskOutput(first.output).health[0]?.action).toBe(RiskAction.warn);
    // ETH "pumps" 50%: the agent keeps valuing the collateral at the last price.
    const pumped = {
      ...base,
      prices: base.prices.map((p) => (p.asset === 2 ? { ...p, price: (eth * 3n) / 2n } : p)),
    };
    const second = await executeStep(
      agents.risk,
      encodeRiskInput({ ...pumped, positions: [position] }),
      first.state,
      ctx(2),
    );
    expect(decodeRiskOutput(second.output).health[0]?.action).toBe(RiskAction.warn);
    // Without that history the same input looks healthy.
    const fresh = await executeStep(
      agents.risk,
      encodeRiskInput({ ...pumped, positions: [position] }),
      new SessionState(),
      ctx(2),
    );
    expect(decodeRiskOutput(fresh.output).health[0]?.action).toBe(RiskAction.healthy);
  });
});

describe("twap agent", () => {
  it("property: orders move holdings toward the targets, limits banded around the TWAP", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1_000_000 }), async (seed) => {
        const input: TwapInput = sampleTwapInputData(seed);
        const out = await executeStep(agents.twap, encodeTwapInput(input), new SessionState(), ctx());
        expect(out.status).toBe(StepStatus.STEP_STATUS_OK);
        const value = input.assets.reduce((v, a) => v + (Number(a.holding) * Number(a.price)) / 1e8, 0);
        for (const order of decodeTwapOutput(out.output).orders) {
          const a = input.assets.find((x) => x.asset === order.asset);
          expect(a).toBeDefined();
          if (!a) continue;
          const target = ((value * a.targetWeightBps) / 10_000) * (1e8 / Number(a.price));
          expect(order.side).toBe(target > Number(a.holding) ? OrderSide.buy : OrderSide.sell);
          // First step: the TWAP is the price itself.
          if (order.side === OrderSide.buy) expect(order.limitPrice).toBeGreaterThanOrEqual(a.price);
          else expect(order.limitPrice).toBeLessThanOrEqual(a.price);
          expect(Number(order.quantity)).toBeLessThanOrEqual(
            Math.abs(target - Number(a.holding)) / input.slices + 1,
          );
        }
      }),
      { numRuns: 40 },
    );
  });

  it("averages prices over the step timestamps it is given", async () => {
    const one = (price: bigint): TwapInput => ({
      slices: 1,
      toleranceBps: 0,
      assets: [{ asset: 2, price, holding: 0n, targetWeightBps: 10_000 }],
    });
    // Holding 0 and a 100% target: nothing to value, so no orders; the state still averages.
    let state = new SessionState();
    const prices = [100n, 200n, 300n];
    for (let i = 0; i < prices.length; i++) {
      const out = await executeStep(agents.twap, encodeTwapInput(one(prices[i] as bigint)), state, {
        sequence: BigInt(i),
        timestampMs: 1_000n * BigInt(i),
      });
      expect(out.status).toBe(StepStatus.STEP_STATUS_OK);
      state = out.state;
    }
    const blob = Buffer.from(state.get(new TextEncoder().encode("twap")) as Uint8Array);
    expect(blob.readUInt32LE(0)).toBe(3); // slice counter
    expect(blob.readDoubleLE(8)).toBe(100 * 1000 + 200 * 1000); // Σ price × dt
    expect(blob.readBigUInt64LE(16)).toBe(2000n); // Σ dt
  });
});

describe("sample agents on garbage input", () => {
  it("property: random bytes fail only that step, with AGENT_ERROR or TRAP, never the host", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("risk", "twap", "clearing" as const),
        fc.uint8Array({ maxLength: 200 }),
        async (name, bytes) => {
          const state = new SessionState();
          const out = await executeStep(agents[name as "risk"], bytes, state, ctx());
          if (out.status !== StepStatus.STEP_STATUS_OK) {
            expect([StepStatus.STEP_STATUS_AGENT_ERROR, StepStatus.STEP_STATUS_TRAP]).toContain(out.status);
            expect(out.state).toBe(state);
          }
        },
      ),
      { numRuns: 100 },
    );
    expect((await executeStep(agents.risk, sampleRiskInput(1, 10), new SessionState(), ctx())).status).toBe(
      StepStatus.STEP_STATUS_OK,
    );
  });
});
