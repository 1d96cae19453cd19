/**
 * Prints (last line, JSON) the fingerprints — status, output hash, state root, fuel — of a fixed
 * session of steps for each sample agent. Run in child processes with different V8 flags by
 * cross-engine.test.ts; anyone can run it on another machine and diff the output.
 *   node --import tsx runtime/src/exec/fingerprint-steps.ts
 */
import { toHex } from "@padmesh/proto/core";
import { loadSampleAgent, SAMPLE_AGENT_NAMES } from "../agents/sample-agents.js";
import { SAMPLE_ASSETS, sampleInputFor } from "../agents/sample-inputs.js";
import { outputHash } from "../hashes.js";
import { loadModule } from "../module/agent-module.js";
import { SessionState } from "../state/session-state.js";
import { executeStep } from "./execute-step.js";

const prints: string[] = [];
for (const name of SAMPLE_AGENT_NAMES) {
  const module = await loadModule(await loadSampleAgent(name));
  let state = new SessionState();
  for (let i = 0; i < 8; i++) {
    const size = { risk: 150, twap: SAMPLE_ASSETS.length, clearing: 200, coordinator: 2 }[name];
    const input = sampleInputFor(name, i, size);
    const out = await executeStep(module, input, state, {
      sequence: BigInt(i),
      timestampMs: 1_000_000n + BigInt(i) * 30_000n,
    });
    prints.push(
      `${name}/${i}/${out.status}/${toHex(outputHash(out.output))}/${toHex(out.stateRootAfter)}/${out.fuelUsed}`,
    );
    state = out.state;
  }
}
console.log(JSON.stringify(prints));
