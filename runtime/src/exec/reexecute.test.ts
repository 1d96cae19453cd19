import { type Receipt, Role, StepStatus } from "@padmesh/proto";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSampleAgents } from "../agents/build-agents.js";
import { loadSampleAgent } from "../agents/sample-agents.js";
import { sampleRiskInput } from "../agents/sample-inputs.js";
import { buildTestAgent } from "../agents/test-agents.js";
import { inputHash, moduleHash, outputHash } from "../hashes.js";
import { loadModule } from "../module/agent-module.js";
import { SessionState } from "../state/session-state.js";
import { executeStep } from "./execute-step.js";
import { reexecute } from "./reexecute.js";
import type { StepOutcome } from "./step-outcome.js";

let riskBytes: Uint8Array;

function receiptFor(
  module: Uint8Array,
  input: Uint8Array,
  out: StepOutcome,
  sequence: bigint,
  ts: bigint,
): Receipt {
  return {
    sessionId: new Uint8Array(32),
    leaseId: new Uint8Array(32),
    role: Role.ROLE_COMPUTE,
    sequence,
    moduleHash: moduleHash(module),
    inputHash: inputHash(input),
    outputHash: outputHash(out.output),
    stateRootBefore: out.stateRootBefore,
    stateRootAfter: out.stateRootAfter,
    fuelUsed: out.fuelUsed,
    pricePerFuel: 1n,
    prevReceiptHash: new Uint8Array(32),
    timestampMs: ts,
    status: out.status,
    operator: "",
    signature: new Uint8Array(0),
  };
}

function flip(bytes: Uint8Array, at = 0): Uint8Array {
  const copy = bytes.slice();
  copy[at] = (copy[at] as number) ^ 0x01;
  return copy;
}

beforeAll(async () => {
  await buildSampleAgents();
  riskBytes = await loadSampleAgent("risk");
});

describe("reexecute", () => {
  async function honestStep() {
    const module = await loadModule(riskBytes);
    // Two steps so that the state before the receipt's step is not empty.
    const first = await executeStep(module, sampleRiskInput(1, 50), new SessionState(), {
      sequence: 1n,
      timestampMs: 1000n,
    });
    const input = sampleRiskInput(2, 50);
    const out = await executeStep(module, input, first.state, { sequence: 2n, timestampMs: 2000n });
    expect(out.status).toBe(StepStatus.STEP_STATUS_OK);
    return { input, before: first.state, out, receipt: receiptFor(riskBytes, input, out, 2n, 2000n) };
  }

  it("matches an honest receipt, from a SessionState or a snapshot", async () => {
    const { input, before, receipt } = await honestStep();
    const a = await reexecute(receipt, riskBytes, input, before);
    expect(a.mismatches).toEqual([]);
    expect(a.match).toBe(true);
    const b = await reexecute(receipt, riskBytes, input, before.snapshot());
    expect(b.match).toBe(true);
  });

  it("detects a flipped byte in the output hash", async () => {
    const { input, before, receipt } = await honestStep();
    const r = await reexecute(
      { ...receipt, outputHash: flip(receipt.outputHash, 5) },
      riskBytes,
      input,
      before,
    );
    expect(r.match).toBe(false);
    expect(r.mismatches.map((m) => m.field)).toEqual(["outputHash"]);
  });

  it("detects a flipped byte in the state root after", async () => {
    const { input, before, receipt } = await honestStep();
    const r = await reexecute(
      { ...receipt, stateRootAfter: flip(receipt.stateRootAfter, 31) },
      riskBytes,
      input,
      before,
    );
    expect(r.mismatches.map((m) => m.field)).toEqual(["stateRootAfter"]);
  });

  it("detects a flipped bit in the fuel used", async () => {
    const { input, before, receipt } = await honestStep();
    const r = await reexecute({ ...receipt, fuelUsed: receipt.fuelUsed ^ 1n }, riskBytes, input, before);
    expect(r.match).toBe(false);
    expect(r.mismatches.map((m) => m.field)).toContain("fuelUsed");
    expect(r.mismatches.find((m) => m.field === "fuelUsed")?.expected).toBe(String(receipt.fuelUsed ^ 1n));
  });

  it("detects a flipped byte in the input, the state before and the module", async () => {
    const { input, before, receipt } = await honestStep();
    const badInput = await reexecute(receipt, riskBytes, flip(input, input.length - 1), before);
    expect(badInput.mismatches.map((m) => m.field)).toContain("inputHash");
    const otherState = before.clone();
    otherState.set(new Uint8Array([9]), new Uint8Array([9]));
    const badState = await reexecute(receipt, riskBytes, input, otherState);
    expect(badState.mismatches.map((m) => m.field)).toContain("stateRootBefore");
    const badModule = await reexecute(receipt, flip(riskBytes, 9), input, before);
    expect(badModule.match).toBe(false);
    expect(badModule.mismatches.map((m) => m.field)).toContain("moduleHash");
  });

  it("re-executes an out-of-fuel receipt without knowing the lease's fuel limit", async () => {
    const loop = await buildTestAgent("loop");
    const module = await loadModule(loop);
    const input = new Uint8Array(0);
    const out = await executeStep(
      module,
      input,
      new SessionState(),
      { sequence: 7n, timestampMs: 0n },
      { fuel: 123_457n },
    );
    expect(out.status).toBe(StepStatus.STEP_STATUS_OUT_OF_FUEL);
    const receipt = receiptFor(loop, input, out, 7n, 0n);
    const r = await reexecute(receipt, loop, input, new SessionState());
    expect(r.match).toBe(true);
    const lied = await reexecute(
      { ...receipt, status: StepStatus.STEP_STATUS_OK },
      loop,
      input,
      new SessionState(),
    );
    expect(lied.mismatches.map((m) => m.field)).toEqual(["status"]);
  });
});
