import { toHex } from "@padmesh/proto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSampleAgents } from "../agents/build-agents.js";
import { loadSampleAgent } from "../agents/sample-agents.js";
import { sampleRiskInput, sampleTwapInput } from "../agents/sample-inputs.js";
import { outputHash } from "../hashes.js";
import { clearModuleCache, loadModule } from "../module/agent-module.js";
import { SessionState } from "../state/session-state.js";
import { createWorkerExecutor, type WorkerExecutor } from "../worker/worker-executor.js";
import { executeStep } from "./execute-step.js";
import type { StepOutcome } from "./step-outcome.js";

const fingerprint = (o: StepOutcome) =>
  [o.status, toHex(outputHash(o.output)), toHex(o.stateRootAfter), o.fuelUsed.toString()].join("/");

let executor: WorkerExecutor;
let risk: Uint8Array;
let twap: Uint8Array;
let stateBefore: SessionState;
const ctx = { sequence: 42n, timestampMs: 1_700_000_123_456n };

beforeAll(async () => {
  await buildSampleAgents();
  risk = await loadSampleAgent("risk");
  twap = await loadSampleAgent("twap");
  executor = createWorkerExecutor({ workers: 2 });
  // A non-empty state from an earlier step, so the step reads and rewrites state.
  const first = await executeStep(await loadModule(risk), sampleRiskInput(7, 120), new SessionState(), {
    sequence: 41n,
    timestampMs: 1_700_000_000_000n,
  });
  stateBefore = first.state;
});

afterAll(async () => {
  await executor.close();
});

describe("determinism", () => {
  it("the same risk step 100× in fresh runtimes (module re-instrumented each time) is identical", async () => {
    const input = sampleRiskInput(8, 120);
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) {
      clearModuleCache();
      const module = await loadModule(risk);
      seen.add(fingerprint(await executeStep(module, input, stateBefore.clone(), ctx)));
    }
    expect(seen.size).toBe(1);
  });

  it("the same steps 100× in worker threads match the in-process result", async () => {
    const input = sampleRiskInput(8, 120);
    const expected = fingerprint(await executeStep(await loadModule(risk), input, stateBefore, ctx));
    const snapshot = stateBefore.snapshot();
    const outs = await Promise.all(
      Array.from({ length: 100 }, () => executor.execute(risk, input, snapshot, ctx)),
    );
    expect(new Set(outs.map(fingerprint))).toEqual(new Set([expected]));
    expect(toHex(outs[0]?.state.root() ?? new Uint8Array())).toBe(
      toHex(outs[0]?.stateRootAfter ?? new Uint8Array(1)),
    );
  });

  it("a session of twap steps gives the same chain of roots in-process and in workers", async () => {
    const module = await loadModule(twap);
    let local = new SessionState();
    let remote = new SessionState();
    for (let i = 0; i < 10; i++) {
      const input = sampleTwapInput(i);
      const c = { sequence: BigInt(i), timestampMs: 1_000_000n + BigInt(i) * 60_000n };
      const a = await executeStep(module, input, local, c);
      const b = await executor.execute(twap, input, remote.snapshot(), c);
      expect(fingerprint(b)).toBe(fingerprint(a));
      local = a.state;
      remote = b.state;
    }
    expect(remote.root()).toEqual(local.root());
  });
});
