import { Role, StepStatus } from "@padmesh/proto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSampleAgents } from "../agents/build-agents.js";
import { loadSampleAgent } from "../agents/sample-agents.js";
import { sampleClearingInput } from "../agents/sample-inputs.js";
import { buildTestAgent } from "../agents/test-agents.js";
import { ExecutorError } from "../errors.js";
import { executeStep } from "../exec/execute-step.js";
import { compareWithReceipt } from "../exec/reexecute.js";
import { inputHash, moduleHash, outputHash } from "../hashes.js";
import { loadModule } from "../module/agent-module.js";
import { SessionState } from "../state/session-state.js";
import { WORKER_MODULE_CACHE } from "./module-cache.js";
import { createWorkerExecutor, type WorkerExecutor } from "./worker-executor.js";

let executor: WorkerExecutor;
let clearing: Uint8Array;
const ctx = { sequence: 1n, timestampMs: 0n };

beforeAll(async () => {
  await buildSampleAgents();
  clearing = await loadSampleAgent("clearing");
  executor = createWorkerExecutor({ workers: 1 });
});

afterAll(async () => {
  await executor.close();
});

describe("worker executor", () => {
  it("kills a step that outlives the wall-time backstop, then keeps serving", async () => {
    const loop = await buildTestAgent("loop");
    const state = new SessionState();
    state.set(new Uint8Array([1]), new Uint8Array([2]));
    // Fuel for minutes of looping, a short wall-time backstop: the backstop must fire first.
    const out = await executor.execute(loop, new Uint8Array(0), state.snapshot(), ctx, {
      fuel: 2n ** 60n,
      wallTimeMs: 300,
    });
    expect(out.status).toBe(StepStatus.STEP_STATUS_TIMEOUT);
    expect(out.error?.code).toBe("ERR_TIMEOUT");
    expect(out.stateRootAfter).toEqual(state.root());
    expect(out.state.root()).toEqual(state.root());
    const next = await executor.execute(
      clearing,
      sampleClearingInput(2, 4),
      new SessionState().snapshot(),
      ctx,
    );
    expect(next.status).toBe(StepStatus.STEP_STATUS_OK);
  });

  it("a verifier can re-execute a receipt in a worker and compare it", async () => {
    const input = sampleClearingInput(5, 30);
    const before = new SessionState();
    const original = await executeStep(await loadModule(clearing), input, before, {
      sequence: 9n,
      timestampMs: 99n,
    });
    const receipt = {
      sessionId: new Uint8Array(32),
      leaseId: new Uint8Array(32),
      role: Role.ROLE_EXECUTION,
      sequence: 9n,
      moduleHash: moduleHash(clearing),
      inputHash: inputHash(input),
      outputHash: outputHash(original.output),
      stateRootBefore: original.stateRootBefore,
      stateRootAfter: original.stateRootAfter,
      fuelUsed: original.fuelUsed,
      pricePerFuel: 1n,
      prevReceiptHash: new Uint8Array(32),
      timestampMs: 99n,
      status: original.status,
      operator: "",
      signature: new Uint8Array(0),
    };
    const again = await executor.execute(
      clearing,
      input,
      before.snapshot(),
      { sequence: 9n, timestampMs: 99n },
      {
        fuel: receipt.fuelUsed,
      },
    );
    expect(compareWithReceipt(receipt, clearing, input, again)).toEqual([]);
    const lied = { ...receipt, fuelUsed: receipt.fuelUsed + 1n };
    expect(compareWithReceipt(lied, clearing, input, again).map((m) => m.field)).toEqual(["fuelUsed"]);
  });

  it("returns INVALID_MODULE for bytes that are not an agent", async () => {
    const out = await executor.execute(
      new Uint8Array([1, 2, 3]),
      new Uint8Array(0),
      new SessionState().snapshot(),
      ctx,
    );
    expect(out.status).toBe(StepStatus.STEP_STATUS_INVALID_MODULE);
    expect(out.error?.code).toBe("ERR_INVALID_MODULE");
  });

  it("switches modules on one worker, and reports an invalid module on every step that uses it", async () => {
    const risk = await loadSampleAgent("risk");
    const empty = new SessionState().snapshot();
    for (const bytes of [
      clearing,
      risk,
      clearing,
      new Uint8Array([9, 9]),
      new Uint8Array([9, 9]),
      clearing,
    ]) {
      const out = await executor.execute(bytes, sampleClearingInput(3, 4), empty, ctx);
      if (bytes.length === 2) expect(out.status).toBe(StepStatus.STEP_STATUS_INVALID_MODULE);
      else if (bytes === risk)
        expect(out.status).toBe(StepStatus.STEP_STATUS_AGENT_ERROR); // not a risk input
      else expect(out.status).toBe(StepStatus.STEP_STATUS_OK);
    }
  });

  it("keeps a few modules compiled per worker and evicts the least recently used", async () => {
    // Distinct modules that behave the same: the clearing agent plus a custom section "vN".
    const variant = (n: number) => {
      const name = new TextEncoder().encode(`v${n}`);
      return Uint8Array.from([...clearing, 0, name.length + 1, name.length, ...name]);
    };
    const variants = Array.from({ length: WORKER_MODULE_CACHE + 3 }, (_, i) => variant(i));
    const empty = new SessionState().snapshot();
    const input = sampleClearingInput(5, 4);
    const expected = await executeStep(await loadModule(clearing), input, new SessionState(), ctx);
    // Cycle past the cache size twice, then go back and forth between two: every step runs the
    // module it names, whether its bytes crossed or the worker still held it.
    const order = [...variants.keys(), ...variants.keys(), 0, 1, 0, 1, 10, 0];
    for (const i of order) {
      const out = await executor.execute(variants[i]!, input, empty, ctx);
      expect(out.status).toBe(StepStatus.STEP_STATUS_OK);
      expect(out.output).toEqual(expected.output);
    }
  });

  it("hands back the state snapshot and decodes the state only when read", async () => {
    const out = await executor.execute(
      clearing,
      sampleClearingInput(4, 4),
      new SessionState().snapshot(),
      ctx,
    );
    expect(out.stateSnapshot).toBeDefined();
    expect(out.state.snapshot()).toEqual(out.stateSnapshot);
    expect(out.state.root()).toEqual(out.stateRootAfter);
  });

  it("rejects a bad snapshot with a typed error", async () => {
    await expect(
      executor.execute(clearing, sampleClearingInput(2, 4), new Uint8Array([0xff, 0xff]), ctx),
    ).rejects.toMatchObject({ code: "ERR_INVALID_SNAPSHOT" });
  });

  it("warm() starts the threads ahead of work; steps then run as usual", async () => {
    const warmed = createWorkerExecutor({ workers: 2 });
    try {
      warmed.warm();
      warmed.warm(); // idempotent
      const out = await warmed.execute(
        clearing,
        sampleClearingInput(2, 2),
        new SessionState().snapshot(),
        ctx,
      );
      expect(out.status).toBe(StepStatus.STEP_STATUS_OK);
    } finally {
      await warmed.close();
    }
    warmed.warm(); // after close: nothing starts
    await expect(warmed.execute(clearing, new Uint8Array(0), new Uint8Array(0), ctx)).rejects.toThrow(
      ExecutorError,
    );
  });

  it("rejects work after close", async () => {
    const other = createWorkerExecutor({ workers: 1 });
    await other.close();
    await expect(
      other.execute(clearing, new Uint8Array(0), new SessionState().snapshot(), ctx),
    ).rejects.toBeInstanceOf(ExecutorError);
  });
});
