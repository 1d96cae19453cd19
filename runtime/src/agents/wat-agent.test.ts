import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { StepStatus } from "@padmesh/proto";
import { describe, expect, it } from "vitest";
import { executeStep } from "../exec/execute-step.js";
import { loadModule } from "../module/agent-module.js";
import { SessionState } from "../state/session-state.js";
import { AGENTS_DIR } from "./sample-agents.js";

// Any toolchain that targets wasm32 and follows the ABI works: here an agent written by hand in
// WebAssembly text (runtime/agents/wat/echo.wat), assembled with binaryen.
async function assemble(file: string): Promise<Uint8Array> {
  const { default: binaryen } = await import("binaryen");
  const module = binaryen.parseText(await readFile(file, "utf8"));
  try {
    expect(module.validate()).toBeTruthy();
    return module.emitBinary();
  } finally {
    module.dispose();
  }
}

describe("an agent written in WebAssembly text", () => {
  it("echoes its input and counts steps in the session state", async () => {
    const agent = await loadModule(await assemble(join(AGENTS_DIR, "wat", "echo.wat")));
    let state = new SessionState();
    for (let i = 1; i <= 3; i++) {
      const input = new TextEncoder().encode(`hello ${i}`);
      const out = await executeStep(agent, input, state, { sequence: BigInt(i), timestampMs: 0n });
      expect(out.status).toBe(StepStatus.STEP_STATUS_OK);
      expect(out.output).toEqual(input);
      state = out.state;
    }
    const n = state.get(new TextEncoder().encode("n")) as Uint8Array;
    expect(Buffer.from(n).readBigUInt64LE(0)).toBe(3n);
  });
});
