/**
 * End-to-end throughput and latency on the 3-worker devnet, against the same agents run directly
 * in-process with the runtime (the ceiling the mesh adds overhead to), measured in the same run.
 * Prints a table, then one JSON object on its last line.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { executeStep, loadModule, loadSampleAgent, SessionState, sampleRiskInput } from "@padmesh/runtime";
import { runDemo } from "../operators/src/devnet/demo.js";
import { startDevnet } from "../operators/src/devnet/mesh.js";
import { percentile } from "../operators/src/devnet/summary.js";

const STEPS = Number(process.env.BENCH_E2E_STEPS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_E2E_CONCURRENCY ?? 32);
const POSITIONS = 20;

// Baseline: risk then clearing, in-process, one core, no network, no journal, no signatures.
const [riskBytes, clearingBytes] = await Promise.all([loadSampleAgent("risk"), loadSampleAgent("clearing")]);
const [risk, clearing] = await Promise.all([loadModule(riskBytes), loadModule(clearingBytes)]);
let riskState = new SessionState();
let clearingState = new SessionState();
const inputs = Array.from({ length: 200 }, (_, i) => sampleRiskInput(i, POSITIONS));
const directStart = performance.now();
let direct = 0;
while (performance.now() - directStart < 2000) {
  const i = direct % inputs.length;
  const ctx = { sequence: BigInt(direct + 1), timestampMs: 1_800_000_000_000n + BigInt(direct) };
  const a = await executeStep(risk, inputs[i]!, riskState, ctx);
  riskState = a.state;
  const b = await executeStep(clearing, a.output, clearingState, ctx);
  clearingState = b.state;
  direct++;
}
const directPerS = direct / ((performance.now() - directStart) / 1000);
console.log(`direct runtime (risk → clearing)  ${directPerS.toFixed(0)} steps/s`);

const dataDir = mkdtempSync(join(tmpdir(), "padmesh-bench-e2e-"));
const net = await startDevnet({
  dataDir,
  basePort: 23_545,
  logLevel: "warn",
  params: { "rate.stepsPerSecond": 1_000_000n, "verify.sampleRateBps": 500n },
  workers: [
    { name: "worker-1", roles: ["compute", "execution"], pricePerFuel: 1_000n },
    { name: "worker-2", roles: ["compute", "execution"], pricePerFuel: 1_000n },
    { name: "worker-3", roles: ["compute", "execution"], pricePerFuel: 1_000n },
    { name: "verifier-1", roles: ["verification"], pricePerFuel: 500n },
  ],
});
try {
  const r = await runDemo(net, {
    steps: STEPS,
    concurrency: CONCURRENCY,
    positions: POSITIONS,
    depositPad: 100_000n,
    maxPricePerFuel: 10_000n,
  });
  const stepsPerS = r.steps / r.stepsWallS;
  const p50 = percentile(r.latenciesMs, 50);
  const p99 = percentile(r.latenciesMs, 99);
  console.log(
    `devnet (3 workers + verifier)     ${stepsPerS.toFixed(0)} steps/s, p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`,
  );
  console.log(
    JSON.stringify({
      steps: r.steps,
      concurrency: CONCURRENCY,
      steps_per_s: Math.round(stepsPerS),
      step_latency_p50_ms: Number(p50.toFixed(2)),
      step_latency_p99_ms: Number(p99.toFixed(2)),
      direct_runtime_steps_per_s: Math.round(directPerS),
      mesh_over_direct_ratio: Number((stepsPerS / directPerS).toFixed(3)),
      receipts_verified: r.receiptsVerified,
      receipts_rejected: r.receiptsRejected,
    }),
  );
} finally {
  await net.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
