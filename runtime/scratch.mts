import { buildTestAgent } from "./src/agents/test-agents.ts";
import * as R from "./src/index.ts";
import { loadUnmeteredModule } from "./src/module/agent-module.ts";

const bytes = await buildTestAgent("loop");
const m = await R.loadModule(bytes);
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const o = await R.executeStep(m, new Uint8Array(0), new R.SessionState(), {
    sequence: 1n,
    timestampMs: 0n,
  });
  console.log((performance.now() - t0).toFixed(0), o.status, o.fuelUsed);
}
