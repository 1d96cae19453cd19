import { StepStatus } from "@padmesh/proto";
import { describe, expect, it } from "vitest";
import { executeStep } from "../exec/execute-step.js";
import { loadModule } from "../module/agent-module.js";
import { SessionState } from "../state/session-state.js";
import { echoAgentWasm, failingAgentWasm } from "./echo-agent.js";
import { assembleStepAgent } from "./wasm-bytes.js";

const ctx = { sequence: 1n, timestampMs: 0n };

describe("hand-assembled test agents", () => {
  it("echo: output is the input, stored under key 'k', so the state root follows the input", async () => {
    const module = await loadModule(echoAgentWasm());
    const input = new TextEncoder().encode("hello mesh");
    const a = await executeStep(module, input, new SessionState(), ctx);
    expect(a.status).toBe(StepStatus.STEP_STATUS_OK);
    expect(a.output).toEqual(input);
    const same = await executeStep(module, input, new SessionState(), ctx);
    const other = await executeStep(module, new TextEncoder().encode("other"), new SessionState(), ctx);
    expect(a.state.get(new TextEncoder().encode("k"))).toEqual(input);
    expect(same.stateRootAfter).toEqual(a.stateRootAfter);
    expect(other.stateRootAfter).not.toEqual(a.stateRootAfter);
  });

  it("failing: every step reports failure", async () => {
    const out = await executeStep(
      await loadModule(failingAgentWasm()),
      new Uint8Array(0),
      new SessionState(),
      ctx,
    );
    expect(out.status).not.toBe(StepStatus.STEP_STATUS_OK);
  });

  it("a module without a memory maximum is refused", async () => {
    await expect(loadModule(assembleStepAgent({ body: [0x41, 0], memoryMax: null }))).rejects.toThrow();
  });
});
