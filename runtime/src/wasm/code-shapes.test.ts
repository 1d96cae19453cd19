import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { StepStatus } from "@padmesh/proto";
import { beforeAll, describe, expect, it } from "vitest";
import { buildAgent, buildSampleAgents } from "../agents/build-agents.js";
import { AGENTS_DIR, loadSampleAgent } from "../agents/sample-agents.js";
import { sampleClearingInput, sampleRiskInput } from "../agents/sample-inputs.js";
import { executeStep } from "../exec/execute-step.js";
import { loadModule } from "../module/agent-module.js";
import { SessionState } from "../state/session-state.js";

// The same agents compiled into very different code (a garbage-collected runtime with a shadow
// stack, an unoptimized debug build): the instrumentation must not change what they compute.
const VARIANTS: Record<string, string[]> = {
  incremental: ["-O3", "--runtime", "incremental", "--importMemory", "--maximumMemory", "256"],
  debug: ["--debug", "--runtime", "minimal", "--importMemory", "--maximumMemory", "256"],
};

async function variant(name: "risk" | "clearing", kind: string): Promise<Uint8Array> {
  const output = join(AGENTS_DIR, "build", "test", `${name}-${kind}.wasm`);
  await buildAgent({
    source: join(AGENTS_DIR, "src", `${name}.ts`),
    output,
    dependencies: [join(AGENTS_DIR, "kit", "index.ts")],
    flags: VARIANTS[kind] as string[],
  });
  return new Uint8Array(await readFile(output));
}

beforeAll(async () => {
  await buildSampleAgents();
});

describe("instrumentation preserves semantics across code shapes", () => {
  for (const name of ["risk", "clearing"] as const) {
    it(`${name}: incremental-GC and debug builds give the release build's output and state`, async () => {
      const input = name === "risk" ? sampleRiskInput(11, 200) : sampleClearingInput(11, 200);
      const ctx = { sequence: 3n, timestampMs: 77n };
      const release = await executeStep(
        await loadModule(await loadSampleAgent(name)),
        input,
        new SessionState(),
        ctx,
      );
      expect(release.status).toBe(StepStatus.STEP_STATUS_OK);
      for (const kind of Object.keys(VARIANTS)) {
        const out = await executeStep(
          await loadModule(await variant(name, kind)),
          input,
          new SessionState(),
          ctx,
        );
        expect(out.status).toBe(StepStatus.STEP_STATUS_OK);
        expect(Buffer.from(out.output).equals(Buffer.from(release.output))).toBe(true);
        expect(out.stateRootAfter).toEqual(release.stateRootAfter);
        expect(out.fuelUsed).toBeGreaterThan(0n);
      }
    });
  }
});
