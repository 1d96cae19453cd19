/**
 * `npm run bench:runtime`: step throughput, metering overhead, instantiation and re-execution
 * rates on the sample agents. Prints figures as it goes and one JSON object on its last line.
 * Baselines are measured in the same run (uninstrumented modules on the same inputs).
 */
import { loadavg } from "node:os";
import { Role, StepStatus } from "@padmesh/proto";
import { StepHost } from "../src/abi/step-host.js";
import { buildSampleAgents } from "../src/agents/build-agents.js";
import { loadSampleAgent } from "../src/agents/sample-agents.js";
import { sampleClearingInput, sampleRiskInput } from "../src/agents/sample-inputs.js";
import { buildTestAgent } from "../src/agents/test-agents.js";
import { runStep } from "../src/exec/execute-step.js";
import { acquireMemory, releaseMemory } from "../src/exec/memory-pool.js";
import { reexecute } from "../src/exec/reexecute.js";
import type { StepOutcome } from "../src/exec/step-outcome.js";
import { inputHash, moduleHash, outputHash } from "../src/hashes.js";
import { DEFAULT_LIMITS } from "../src/limits.js";
import {
  type AgentModule,
  clearModuleCache,
  loadModuleSync,
  loadUnmeteredModule,
} from "../src/module/agent-module.js";
import { SessionState } from "../src/state/session-state.js";
import { createWorkerExecutor } from "../src/worker/worker-executor.js";

const POSITIONS = Number(process.env.BENCH_POSITIONS ?? 100);
const STEPS = Number(process.env.BENCH_STEPS ?? 4000);
const now = () => performance.now();

await buildSampleAgents();
const riskBytes = await loadSampleAgent("risk");
const clearingBytes = await loadSampleAgent("clearing");

clearModuleCache();
let t = now();
const risk = loadModuleSync(riskBytes);
const coldLoadMs = now() - t;
const riskUnmetered = loadUnmeteredModule(riskBytes);
const instrumentedBytes = (await import("../src/wasm/instrument.js")).instrumentModule(riskBytes).bytes
  .length;

// Inputs: different price moves and positions each step, as a live session would see.
const inputs = Array.from({ length: 64 }, (_, i) => sampleRiskInput(1000 + i, POSITIONS));

/** Runs `steps` steps of a session; returns seconds and the outcomes' total fuel. */
function session(
  module: AgentModule,
  steps: number,
  inputsFor: Uint8Array[],
): { seconds: number; fuel: bigint } {
  let state = new SessionState();
  let fuel = 0n;
  const start = now();
  for (let i = 0; i < steps; i++) {
    const out = runStep(
      module,
      inputsFor[i % inputsFor.length] as Uint8Array,
      state,
      {
        sequence: BigInt(i),
        timestampMs: 1_700_000_000_000n + BigInt(i) * 1000n,
      },
      DEFAULT_LIMITS,
    );
    if (out.status !== StepStatus.STEP_STATUS_OK) throw new Error(`step failed: ${out.error?.message}`);
    state = out.state;
    fuel += out.fuelUsed;
  }
  return { seconds: (now() - start) / 1000, fuel };
}

// Warm up both tiers of both modules.
session(risk, 500, inputs);
session(riskUnmetered, 500, inputs);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

/**
 * Many short rounds, metered and unmetered back to back (alternating which goes first), so load
 * from other processes hits both alike; figures are medians over rounds (and the best round).
 */
function compare(
  metered: AgentModule,
  unmetered: AgentModule,
  rounds: number,
  perRound: number,
  list: Uint8Array[],
) {
  const tm: number[] = [];
  const tu: number[] = [];
  const ratios: number[] = [];
  let fuel = 0n;
  for (let r = 0; r < rounds; r++) {
    let m: { seconds: number; fuel: bigint };
    let u: { seconds: number };
    if (r % 2 === 0) {
      m = session(metered, perRound, list);
      u = session(unmetered, perRound, list);
    } else {
      u = session(unmetered, perRound, list);
      m = session(metered, perRound, list);
    }
    tm.push(m.seconds);
    tu.push(u.seconds);
    ratios.push(m.seconds / u.seconds);
    fuel += m.fuel;
  }
  return {
    meteredPerS: perRound / median(tm),
    meteredBestPerS: perRound / Math.min(...tm),
    unmeteredPerS: perRound / median(tu),
    ratio: median(ratios),
    fuelPerStep: fuel / BigInt(rounds * perRound),
  };
}

const ROUNDS = 40;
const riskFigures = compare(risk, riskUnmetered, ROUNDS, Math.max(1, Math.floor(STEPS / ROUNDS)), inputs);
const stepsPerS = riskFigures.meteredPerS;
console.log(
  `risk (${POSITIONS} positions): ${stepsPerS.toFixed(0)} steps/s metered (best round ${riskFigures.meteredBestPerS.toFixed(0)}), ${riskFigures.unmeteredPerS.toFixed(0)} unmetered, ratio ${riskFigures.ratio.toFixed(3)}`,
);

// A compute-bound step (clearing: decoding, 128-bit math, sorting 4 legs per trade).
const clearing = loadModuleSync(clearingBytes);
const clearingUnmetered = loadUnmeteredModule(clearingBytes);
const batches = Array.from({ length: 16 }, (_, i) => sampleClearingInput(i, 500));
session(clearing, 100, batches);
session(clearingUnmetered, 100, batches);
const clearingFigures = compare(clearing, clearingUnmetered, ROUNDS, 10, batches);
console.log(`clearing (500 trades): ratio ${clearingFigures.ratio.toFixed(3)}`);

// The worst case for entry charges: tiny recursive calls (fib(22), ~57,000 calls per step).
const fibBytes = await buildTestAgent("fib");
const fib = loadModuleSync(fibBytes);
const fibUnmetered = loadUnmeteredModule(fibBytes);
const fibInput = [new Uint8Array([22])];
session(fib, 20, fibInput);
session(fibUnmetered, 20, fibInput);
const fibFigures = compare(fib, fibUnmetered, 20, 5, fibInput);
console.log(`fib (recursive calls): ratio ${fibFigures.ratio.toFixed(3)}`);

// Instantiating a cached module as a step does: the load-cache lookup (sha256 of the bytes), the
// pooled memory (zeroed), a new instance.
const host = new StepHost(
  new Uint8Array(0),
  new SessionState(),
  { sequence: 0n, timestampMs: 0n },
  DEFAULT_LIMITS,
);
const INSTANCES = 2000;
t = now();
for (let i = 0; i < INSTANCES; i++) {
  const m = loadModuleSync(riskBytes);
  const memory = acquireMemory(m);
  new WebAssembly.Instance(m.compiled, host.imports(memory));
  releaseMemory(m, memory);
}
const instantiateMs = (now() - t) / INSTANCES;

// Re-execution of receipts (each from its own state before).
const REEXEC = 1000;
const receipts: { receipt: Parameters<typeof reexecute>[0]; input: Uint8Array; before: SessionState }[] = [];
{
  let state = new SessionState();
  for (let i = 0; i < REEXEC; i++) {
    const input = inputs[i % inputs.length] as Uint8Array;
    const ctx = { sequence: BigInt(i), timestampMs: BigInt(i) * 1000n };
    const out: StepOutcome = runStep(risk, input, state, ctx, DEFAULT_LIMITS);
    receipts.push({
      input,
      before: state,
      receipt: {
        sessionId: new Uint8Array(32),
        leaseId: new Uint8Array(32),
        role: Role.ROLE_COMPUTE,
        sequence: ctx.sequence,
        moduleHash: moduleHash(riskBytes),
        inputHash: inputHash(input),
        outputHash: outputHash(out.output),
        stateRootBefore: out.stateRootBefore,
        stateRootAfter: out.stateRootAfter,
        fuelUsed: out.fuelUsed,
        pricePerFuel: 1n,
        prevReceiptHash: new Uint8Array(32),
        timestampMs: ctx.timestampMs,
        status: out.status,
        operator: "",
        signature: new Uint8Array(0),
      },
    });
    state = out.state;
  }
}
let mismatches = 0;
const reexecRates: number[] = [];
for (let round = 0; round < 10; round++) {
  const slice = receipts.slice(round * 100, round * 100 + 100);
  const start = now();
  for (const r of slice) {
    const res = await reexecute(r.receipt, riskBytes, r.input, r.before);
    if (!res.match) mismatches++;
  }
  reexecRates.push(slice.length / ((now() - start) / 1000));
}
const reexecutePerS = median(reexecRates);
if (mismatches > 0) throw new Error(`${mismatches} honest receipts did not re-execute to a match`);

// A large session state: 10,000 keys, one value rewritten per step (clone + write + root).
const big = new SessionState();
const enc = new TextEncoder();
for (let i = 0; i < 10_000; i++) big.set(enc.encode(`account/${i}`), new Uint8Array(32).fill(i & 255));
big.root();
let bigState = big;
const BIG_STEPS = 300;
t = now();
for (let i = 0; i < BIG_STEPS; i++) {
  bigState = bigState.clone();
  bigState.set(enc.encode(`account/${(i * 37) % 10_000}`), new Uint8Array([i & 255]));
  bigState.root();
}
const bigCommitMs = (now() - t) / BIG_STEPS;

// Worker threads (2 workers): includes structured-clone and snapshot encode/decode per step.
const executor = createWorkerExecutor({ workers: 2 });
const snapshot = new SessionState().snapshot();
await Promise.all(
  Array.from({ length: 50 }, (_, i) =>
    executor.execute(riskBytes, inputs[i % 64] as Uint8Array, snapshot, { sequence: 0n, timestampMs: 0n }),
  ),
);
const WORKER_STEPS = 2000;
t = now();
await Promise.all(
  Array.from({ length: WORKER_STEPS }, (_, i) =>
    executor.execute(riskBytes, inputs[i % 64] as Uint8Array, snapshot, {
      sequence: BigInt(i),
      timestampMs: 0n,
    }),
  ),
);
const workerStepsPerS = WORKER_STEPS / ((now() - t) / 1000);
await executor.close();

const result = {
  bench: "runtime",
  positions: POSITIONS,
  steps: STEPS,
  steps_per_s: Math.round(stepsPerS),
  steps_per_s_best_round: Math.round(riskFigures.meteredBestPerS),
  unmetered_steps_per_s: Math.round(riskFigures.unmeteredPerS),
  metering_overhead_ratio: Number(riskFigures.ratio.toFixed(3)),
  metering_overhead_ratio_compute_bound: Number(clearingFigures.ratio.toFixed(3)),
  metering_overhead_ratio_recursive_calls: Number(fibFigures.ratio.toFixed(3)),
  fuel_per_step: Number(riskFigures.fuelPerStep),
  load_average_1m: Number(loadavg()[0]?.toFixed(2)),
  instantiate_ms: Number(instantiateMs.toFixed(4)),
  cold_load_ms: Number(coldLoadMs.toFixed(2)),
  module_bytes: riskBytes.length,
  instrumented_bytes: instrumentedBytes,
  reexecute_per_s: Math.round(reexecutePerS),
  state_10k_keys_commit_root_ms: Number(bigCommitMs.toFixed(3)),
  worker_steps_per_s_2_workers: Math.round(workerStepsPerS),
  node: process.version,
};
console.log(JSON.stringify(result));
