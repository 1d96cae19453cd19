/**
 * Dry-run an agent locally, exactly as a node would run it (same instrumentation, limits and
 * fuel), over one or more steps. Prints one JSON line per step.
 *
 *   npx tsx runtime/scripts/dry-run.ts agent.wasm --input input.bin [--input next.bin ...]
 *     [--hex 0102...] [--state snapshot.bin] [--save-state out.bin] [--fuel 50000000]
 *     [--sequence 1] [--timestamp 1700000000000]
 *   npx tsx runtime/scripts/dry-run.ts risk --sample 100   # a sample agent on a sample input
 */
import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { toHex } from "@padmesh/proto";
import { loadSampleAgent, SAMPLE_AGENT_NAMES, type SampleAgentName } from "../src/agents/sample-agents.js";
import { sampleInputFor } from "../src/agents/sample-inputs.js";
import { executeStep } from "../src/exec/execute-step.js";
import { outputHash } from "../src/hashes.js";
import { loadModule } from "../src/module/agent-module.js";
import { SessionState } from "../src/state/session-state.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    input: { type: "string", multiple: true },
    hex: { type: "string", multiple: true },
    sample: { type: "string" },
    state: { type: "string" },
    "save-state": { type: "string" },
    fuel: { type: "string" },
    sequence: { type: "string", default: "1" },
    timestamp: { type: "string", default: "1700000000000" },
  },
});

const target = positionals[0];
if (!target) {
  console.error(
    "usage: dry-run.ts <agent.wasm | risk | twap | clearing | coordinator> --input file | --hex bytes | --sample n",
  );
  process.exit(2);
}
const isSample = (SAMPLE_AGENT_NAMES as readonly string[]).includes(target);
const bytes = isSample
  ? await loadSampleAgent(target as SampleAgentName)
  : new Uint8Array(await readFile(target));
const module = await loadModule(bytes);

const inputs: Uint8Array[] = [];
for (const f of values.input ?? []) inputs.push(new Uint8Array(await readFile(f)));
for (const h of values.hex ?? []) inputs.push(new Uint8Array(Buffer.from(h.replace(/^0x/, ""), "hex")));
if (values.sample !== undefined) {
  const n = Number(values.sample);
  for (let seed = 1; seed <= 3; seed++) inputs.push(sampleInputFor(target as SampleAgentName, seed, n));
}
if (inputs.length === 0) inputs.push(new Uint8Array(0));

let state = values.state
  ? SessionState.fromSnapshot(new Uint8Array(await readFile(values.state)))
  : new SessionState();
let sequence = BigInt(values.sequence);
let timestampMs = BigInt(values.timestamp);
for (const input of inputs) {
  const out = await executeStep(
    module,
    input,
    state,
    { sequence, timestampMs },
    values.fuel ? { fuel: BigInt(values.fuel) } : {},
  );
  console.log(
    JSON.stringify({
      sequence: String(sequence),
      status: out.status,
      error: out.error,
      fuelUsed: String(out.fuelUsed),
      outputBytes: out.output.length,
      outputHash: toHex(outputHash(out.output)),
      output: out.output.length <= 256 ? toHex(out.output) : `${toHex(out.output.subarray(0, 256))}…`,
      stateRootBefore: toHex(out.stateRootBefore),
      stateRootAfter: toHex(out.stateRootAfter),
      stateKeys: out.state.size,
      logs: out.logs,
    }),
  );
  state = out.state;
  sequence += 1n;
  timestampMs += 1000n;
}
if (values["save-state"]) await writeFile(values["save-state"], state.snapshot());
