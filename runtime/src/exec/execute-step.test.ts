import { StepStatus } from "@padmesh/proto";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSampleAgents } from "../agents/build-agents.js";
import { loadSampleAgent } from "../agents/sample-agents.js";
import { sampleClearingInput } from "../agents/sample-inputs.js";
import { buildTestAgent } from "../agents/test-agents.js";
import { InvalidModuleError, UnknownImportError } from "../errors.js";
import { type AgentModule, loadModule } from "../module/agent-module.js";
import { SessionState } from "../state/session-state.js";
import { executeStep } from "./execute-step.js";

const ctx = { sequence: 1n, timestampMs: 1_700_000_000_000n };
let clearing: AgentModule;

/** A known-good step still works after each hostile one: the host survived. */
async function hostStillWorks() {
  const out = await executeStep(clearing, sampleClearingInput(1, 5), new SessionState(), ctx);
  expect(out.status).toBe(StepStatus.STEP_STATUS_OK);
}

function stateWithOneKey(): SessionState {
  const s = new SessionState();
  s.set(new TextEncoder().encode("existing"), new Uint8Array([1]));
  return s;
}

function expectFailedStep(out: Awaited<ReturnType<typeof executeStep>>, state: SessionState) {
  expect(out.output.length).toBe(0);
  expect(out.state).toBe(state);
  expect(out.stateRootAfter).toEqual(out.stateRootBefore);
  expect(out.stateRootBefore).toEqual(state.root());
  expect(out.state.size).toBe(1);
}

beforeAll(async () => {
  await buildSampleAgents();
  clearing = await loadModule(await loadSampleAgent("clearing"));
});

describe("executeStep with hostile modules", () => {
  it("malformed wasm is a typed load error (INVALID_MODULE for its step)", async () => {
    await expect(
      loadModule(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 0xff])),
    ).rejects.toBeInstanceOf(InvalidModuleError);
    await hostStillWorks();
  });

  it("an unknown import is rejected at load with a clear error", async () => {
    const bytes = await buildTestAgent("badimport");
    const err = await loadModule(bytes).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownImportError);
    expect((err as UnknownImportError).importModule).toBe("wasi_snapshot_preview1");
    expect((err as Error).message).toMatch(/fd_write.*not part of the PadMesh host ABI/);
    await hostStillWorks();
  });

  it("an infinite loop runs out of fuel, burns the whole limit, leaves the state unchanged", async () => {
    const m = await loadModule(await buildTestAgent("loop"));
    const state = stateWithOneKey();
    const out = await executeStep(m, new Uint8Array(0), state, ctx, { fuel: 1_000_000n });
    expect(out.status).toBe(StepStatus.STEP_STATUS_OUT_OF_FUEL);
    expect(out.error?.code).toBe("ERR_OUT_OF_FUEL");
    expect(out.fuelUsed).toBe(1_000_000n);
    expectFailedStep(out, state);
    await hostStillWorks();
  });

  it("a memory bomb hits the page limit", async () => {
    const m = await loadModule(await buildTestAgent("membomb"));
    const state = stateWithOneKey();
    const out = await executeStep(m, new Uint8Array(0), state, ctx, { memoryPages: 64 });
    expect(out.status).toBe(StepStatus.STEP_STATUS_MEMORY_LIMIT);
    expect(out.error?.code).toBe("ERR_MEMORY_LIMIT");
    expect(out.fuelUsed).toBeGreaterThan(0n);
    expectFailedStep(out, state);
    await hostStillWorks();
  });

  it("deep recursion traps deterministically on the call-depth budget", async () => {
    const m = await loadModule(await buildTestAgent("recurse"));
    const state = stateWithOneKey();
    const a = await executeStep(m, new Uint8Array([5]), state, ctx);
    const b = await executeStep(m, new Uint8Array([5]), state, ctx);
    expect(a.status).toBe(StepStatus.STEP_STATUS_TRAP);
    expect(a.error?.code).toBe("ERR_STACK_OVERFLOW");
    expect(b.fuelUsed).toBe(a.fuelUsed);
    expectFailedStep(a, state);
    await hostStillWorks();
  });

  it("a huge output hits the output limit", async () => {
    const m = await loadModule(await buildTestAgent("bigout"));
    const state = stateWithOneKey();
    const out = await executeStep(m, new Uint8Array(0), state, ctx);
    expect(out.status).toBe(StepStatus.STEP_STATUS_OUTPUT_LIMIT);
    expect(out.error?.code).toBe("ERR_OUTPUT_LIMIT");
    expectFailedStep(out, state);
    const bigger = await executeStep(m, new Uint8Array(0), state, ctx, { outputBytes: 4 << 20 });
    expect(bigger.status).toBe(StepStatus.STEP_STATUS_OK);
    expect(bigger.output.length).toBe(2 << 20);
    await hostStillWorks();
  });

  it("agent-reported failures (non-zero return, abort) are AGENT_ERROR and discard state writes", async () => {
    const m = await loadModule(await buildTestAgent("fail"));
    const state = stateWithOneKey();
    const returned = await executeStep(m, new Uint8Array([1]), state, ctx);
    expect(returned.status).toBe(StepStatus.STEP_STATUS_AGENT_ERROR);
    expect(returned.error?.message).toMatch(/returned error code 3/);
    expectFailedStep(returned, state);
    const aborted = await executeStep(m, new Uint8Array([2]), state, ctx);
    expect(aborted.status).toBe(StepStatus.STEP_STATUS_AGENT_ERROR);
    expect(aborted.error?.message).toMatch(/agent gave up/);
    expectFailedStep(aborted, state);
    const ok = await executeStep(m, new Uint8Array([0]), state, ctx);
    expect(ok.status).toBe(StepStatus.STEP_STATUS_OK);
    expect(ok.state.size).toBe(2);
    expect(state.size).toBe(1);
  });

  it("canonicalizes NaNs: a NaN payload from the input never reaches the output", async () => {
    const m = await loadModule(await buildTestAgent("nan"));
    const payloadNan = new Uint8Array([1, 0, 0, 0, 0, 0, 0xf4, 0xff]); // negative signalling NaN with payload
    const out = await executeStep(m, payloadNan, new SessionState(), ctx);
    expect(out.status).toBe(StepStatus.STEP_STATUS_OK);
    const canonical = Buffer.from([0, 0, 0, 0, 0, 0, 0xf8, 0x7f]).toString("hex");
    const bits = Buffer.from(out.output);
    expect(bits.subarray(0, 8).toString("hex")).toBe(canonical);
    expect(bits.subarray(8, 16).toString("hex")).toBe(canonical);
    expect(bits.subarray(16, 24).toString("hex")).toBe(canonical);
  });

  it("a module needing more initial pages than the limit fails with MEMORY_LIMIT", async () => {
    const state = new SessionState();
    const out = await executeStep(clearing, sampleClearingInput(1, 3), state, ctx, { memoryPages: 0 });
    expect(out.status).toBe(StepStatus.STEP_STATUS_MEMORY_LIMIT);
    expect(out.fuelUsed).toBe(0n);
  });
});
