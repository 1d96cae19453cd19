/**
 * End-to-end throughput and latency on the 3-worker devnet, against the same agents run directly
 * in-process with the runtime (the ceiling the mesh adds overhead to), measured in the same run.
 *
 * A session's steps are a chain (each runs on the state the previous one left), so one session is
 * latency-bound; the mesh's throughput comes from many sessions at once. The bench runs one
 * session alone for latency (without, then with a coordination lease), then SESSIONS sessions
 * concurrently for throughput. Every receipt is
 * verified by the SDK in both. Prints a table, then one JSON object on its last line.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { executeStep, loadModule, loadSampleAgent, SessionState, sampleRiskInput } from "@padmesh/runtime";
import { createSession, type MeshClient, openSession, submitStep, watchSession } from "@padmesh/sdk";
import { type Devnet, startDevnet } from "../operators/src/devnet/mesh.js";
import { projectClient } from "../operators/src/devnet/project-client.js";
import { percentile } from "../operators/src/devnet/summary.js";

const LATENCY_STEPS = Number(process.env.BENCH_E2E_LATENCY_STEPS ?? 300);
const SESSIONS = Number(process.env.BENCH_E2E_SESSIONS ?? 12);
const STEPS_PER_SESSION = Number(process.env.BENCH_E2E_STEPS ?? 150);
const POSITIONS = 20;

// Baseline: risk then clearing, in-process, one core, no network, no journal, no signatures.
const [riskBytes, clearingBytes, coordinatorBytes] = await Promise.all([
  loadSampleAgent("risk"),
  loadSampleAgent("clearing"),
  loadSampleAgent("coordinator"),
]);
const [risk, clearing] = await Promise.all([loadModule(riskBytes), loadModule(clearingBytes)]);
let riskState = new SessionState();
let clearingState = new SessionState();
const inputs = Array.from({ length: 200 }, (_, i) => sampleRiskInput(i, POSITIONS));
const directStart = performance.now();
let direct = 0;
while (performance.now() - directStart < 2000) {
  const ctx = { sequence: BigInt(direct + 1), timestampMs: 1_800_000_000_000n + BigInt(direct) };
  const a = await executeStep(risk, inputs[direct % inputs.length]!, riskState, ctx);
  riskState = a.state;
  const b = await executeStep(clearing, a.output, clearingState, ctx);
  clearingState = b.state;
  direct++;
}
const directPerS = direct / ((performance.now() - directStart) / 1000);
console.log(`direct runtime (risk → clearing)       ${directPerS.toFixed(0)} steps/s`);

interface Prepared {
  client: MeshClient;
  sessionId: Uint8Array;
  leases: Awaited<ReturnType<typeof createSession>>["leases"];
  deposit: bigint;
}

/**
 * Open an escrow and place a session (escrow transactions from one account go one at a time);
 * `coordinated`: with a coordination lease driving each step (one hop more).
 */
async function prepare(net: Devnet, coordinated = false): Promise<Prepared> {
  const client = projectClient(net);
  const deposit = 10n ** 21n;
  const { sessionId } = await openSession(client, { deposit, maxPricePerFuel: 10_000n });
  const { leases } = await createSession(client, {
    sessionId,
    roles: [
      { role: "compute", module: riskBytes },
      { role: "execution", module: clearingBytes },
      ...(coordinated ? [{ role: "coordination" as const, module: coordinatorBytes }] : []),
    ],
  });
  return { client, sessionId, leases, deposit };
}

/** Run `steps` steps with `inFlight` submitted ahead; per-step latencies (submit → verified output). */
async function run(
  p: Prepared,
  steps: number,
  inFlight: number,
): Promise<{ latencies: number[]; verified: number }> {
  const { client, sessionId, leases, deposit } = p;
  try {
    const watch = watchSession(client, { sessionId, budget: deposit, leases });
    const sentAt = new Map<bigint, number>();
    const latencies: number[] = [];
    let verified = 0;
    const done = (async () => {
      for await (const u of watch) {
        if (u.type !== "step" && u.type !== "stepFailed") continue;
        const at = sentAt.get(u.sequence);
        if (at !== undefined) latencies.push(performance.now() - at);
        if (u.type === "step") verified += u.receipts.length;
        if (latencies.length >= steps) return;
      }
    })();
    for (let i = 0; i < steps; i++) {
      while (sentAt.size - latencies.length >= inFlight) await new Promise((r) => setTimeout(r, 1));
      const started = performance.now();
      const { sequence } = await submitStep(client, {
        sessionId,
        input: inputs[i % inputs.length]!,
        clientStepId: `b-${i}`,
      });
      sentAt.set(sequence, started);
    }
    await done;
    return { latencies, verified };
  } finally {
    client.close();
  }
}

const dataDir = mkdtempSync(join(tmpdir(), "padmesh-bench-e2e-"));
const net = await startDevnet({
  dataDir,
  basePort: 23_545,
  logLevel: "warn",
  params: {
    "rate.stepsPerSecond": 1_000_000n,
    "rate.sessionsPerWindow": 10_000n,
    "verify.sampleRateBps": 0n,
  },
  workers: [
    { name: "worker-1", roles: ["compute", "execution", "coordination"], pricePerFuel: 1_000n },
    { name: "worker-2", roles: ["compute", "execution", "coordination"], pricePerFuel: 1_000n },
    { name: "worker-3", roles: ["compute", "execution", "coordination"], pricePerFuel: 1_000n },
    { name: "verifier-1", roles: ["verification"], pricePerFuel: 500n },
  ],
});
try {
  // Latency: one session, one step at a time.
  const alone = await run(await prepare(net), LATENCY_STEPS, 1);
  const p50 = percentile(alone.latencies, 50);
  const p99 = percentile(alone.latencies, 99);
  console.log(
    `one session, 1 in flight                p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms (first step ${(alone.latencies[0] ?? 0).toFixed(0)} ms)`,
  );

  // The same, with a coordinator node between the scheduler and the legs.
  const coordinated = await run(await prepare(net, true), LATENCY_STEPS, 1);
  const cp50 = percentile(coordinated.latencies, 50);
  const cp99 = percentile(coordinated.latencies, 99);
  console.log(`one coordinated session, 1 in flight    p50 ${cp50.toFixed(2)} ms, p99 ${cp99.toFixed(2)} ms`);

  // Throughput: many sessions at once.
  const prepared: Prepared[] = [];
  for (let i = 0; i < SESSIONS; i++) prepared.push(await prepare(net));
  const t0 = performance.now();
  const all = await Promise.all(prepared.map((p) => run(p, STEPS_PER_SESSION, 4)));
  const wallS = (performance.now() - t0) / 1000;
  const steps = all.reduce((s, r) => s + r.latencies.length, 0);
  const stepsPerS = steps / wallS;
  const loaded = all.flatMap((r) => r.latencies);
  console.log(
    `${SESSIONS} sessions at once                  ${stepsPerS.toFixed(0)} steps/s, p50 ${percentile(loaded, 50).toFixed(2)} ms, p99 ${percentile(loaded, 99).toFixed(2)} ms`,
  );
  console.log(
    JSON.stringify({
      steps_per_s: Math.round(stepsPerS),
      step_latency_p50_ms: Number(p50.toFixed(2)),
      step_latency_p99_ms: Number(p99.toFixed(2)),
      // The session's first step (included in the percentiles): module fetch and compile.
      cold_start_ms: Number((alone.latencies[0] ?? 0).toFixed(2)),
      coordinated_latency_p50_ms: Number(cp50.toFixed(2)),
      coordinated_latency_p99_ms: Number(cp99.toFixed(2)),
      loaded_latency_p50_ms: Number(percentile(loaded, 50).toFixed(2)),
      loaded_latency_p99_ms: Number(percentile(loaded, 99).toFixed(2)),
      sessions: SESSIONS,
      steps: steps,
      direct_runtime_steps_per_s: Math.round(directPerS),
      mesh_over_direct_ratio: Number((stepsPerS / directPerS).toFixed(4)),
      receipts_verified: alone.verified + coordinated.verified + all.reduce((s, r) => s + r.verified, 0),
    }),
  );
} finally {
  await net.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
