import { StepStatus } from "@padmesh/proto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { buildTestAgent } from "../agents/test-agents.js";
import { executeStep } from "../exec/execute-step.js";
import { type AgentModule, loadModule } from "../module/agent-module.js";
import { SessionState } from "../state/session-state.js";

let spin: AgentModule;
let bulk: AgentModule;
const u32 = (n: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
};
const ctx = { sequence: 1n, timestampMs: 0n };

async function fuelFor(n: number, fuel?: bigint) {
  return executeStep(spin, u32(n), new SessionState(), ctx, fuel === undefined ? {} : { fuel });
}

beforeAll(async () => {
  spin = await loadModule(await buildTestAgent("spin"));
  bulk = await loadModule(await buildTestAgent("bulk"));
});

describe("fuel metering", () => {
  it("property: a loop costs the same fixed amount per iteration (charged at its header)", async () => {
    const base = (await fuelFor(0)).fuelUsed;
    const perIteration = (await fuelFor(1)).fuelUsed - base;
    expect(perIteration).toBeGreaterThan(0n);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 20_000 }), async (n) => {
        const out = await fuelFor(n);
        expect(out.status).toBe(StepStatus.STEP_STATUS_OK);
        expect(out.fuelUsed).toBe(base + perIteration * BigInt(n));
      }),
      { numRuns: 50 },
    );
  });

  it("property: running out is exact — limit L fails iff the step needs more than L", async () => {
    const need = (await fuelFor(1000)).fuelUsed;
    await fc.assert(
      fc.asyncProperty(fc.bigInt({ min: 0n, max: need * 2n }), async (limit) => {
        const out = await fuelFor(1000, limit);
        if (limit >= need) {
          expect(out.status).toBe(StepStatus.STEP_STATUS_OK);
          expect(out.fuelUsed).toBe(need);
        } else {
          expect(out.status).toBe(StepStatus.STEP_STATUS_OUT_OF_FUEL);
          expect(out.fuelUsed).toBe(limit);
        }
      }),
      { numRuns: 60 },
    );
    expect((await fuelFor(1000, need)).status).toBe(StepStatus.STEP_STATUS_OK);
    expect((await fuelFor(1000, need - 1n)).status).toBe(StepStatus.STEP_STATUS_OUT_OF_FUEL);
  });

  it("property: memory.fill and memory.copy cost ⌊n/8⌋ more than n = 0; memory.grow costs 8192 per page", async () => {
    const run = (op: number, n: number) => {
      const input = new Uint8Array(8);
      const view = new DataView(input.buffer);
      view.setUint32(0, op, true);
      view.setUint32(4, n, true);
      return executeStep(bulk, input, new SessionState(), ctx, { memoryPages: 256 });
    };
    const fill0 = (await run(0, 0)).fuelUsed;
    const copy0 = (await run(1, 0)).fuelUsed;
    const grow0 = (await run(2, 0)).fuelUsed;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 60_000 }),
        fc.integer({ min: 0, max: 200 }),
        async (n, pages) => {
          expect((await run(0, n)).fuelUsed - fill0).toBe(BigInt(Math.floor(n / 8)));
          expect((await run(1, n)).fuelUsed - copy0).toBe(BigInt(Math.floor(n / 8)));
          const grown = await run(2, pages);
          expect(grown.status).toBe(StepStatus.STEP_STATUS_OK);
          expect(grown.fuelUsed - grow0).toBe(8192n * BigInt(pages));
        },
      ),
      { numRuns: 40 },
    );
    const over = await run(2, 256);
    expect(over.status).toBe(StepStatus.STEP_STATUS_MEMORY_LIMIT);
  });
});
