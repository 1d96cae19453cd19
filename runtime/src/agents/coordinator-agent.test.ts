import {
  type CoordinationHopRecord,
  type CoordinationRecord,
  encodeCoordinationRecord,
  MAX_COORDINATION_HOPS,
  type Receipt,
  Role,
  StepStatus,
} from "@padmesh/proto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { AgentCodecError } from "../errors.js";
import { executeStep } from "../exec/execute-step.js";
import { reexecute } from "../exec/reexecute.js";
import { inputHash, moduleHash, outputHash, sha256 } from "../hashes.js";
import { type AgentModule, loadModule } from "../module/agent-module.js";
import { SessionState } from "../state/session-state.js";
import { buildSampleAgents } from "./build-agents.js";
import { decodeCoordinatorLedger, decodeCoordinatorOutput } from "./coordinator-codec.js";
import { loadSampleAgent } from "./sample-agents.js";
import { sampleRiskInput } from "./sample-inputs.js";

const OK = StepStatus.STEP_STATUS_OK;
const AGENT_ERROR = StepStatus.STEP_STATUS_AGENT_ERROR;
const ZERO = new Uint8Array(32);
const label = (s: string) => sha256(new TextEncoder().encode(s));
const ctx = (sequence: bigint) => ({ sequence, timestampMs: 1_700_000_000_000n + sequence * 1000n });

let coordinatorBytes: Uint8Array;
let coordinator: AgentModule;
let risk: AgentModule;
let clearing: AgentModule;

beforeAll(async () => {
  await buildSampleAgents();
  coordinatorBytes = await loadSampleAgent("coordinator");
  coordinator = await loadModule(coordinatorBytes);
  risk = await loadModule(await loadSampleAgent("risk"));
  clearing = await loadModule(await loadSampleAgent("clearing"));
});

/**
 * A chained record of `roles.length` legs for step `tag`: leg i's input is leg i-1's output; the leg
 * at `failAt` (if any) fails and ends the chain.
 */
function chain(tag: string, roles: Role[], options: { failAt?: number; fuel?: bigint[] } = {}) {
  const stepInputHash = label(`${tag}/input`);
  const hops: CoordinationHopRecord[] = [];
  let prev = stepInputHash;
  for (const [i, role] of roles.entries()) {
    const failed = options.failAt === i;
    const out = failed ? outputHash(new Uint8Array(0)) : label(`${tag}/out/${i}`);
    hops.push({
      role,
      status: failed ? AGENT_ERROR : OK,
      fuelUsed: options.fuel?.[i] ?? BigInt(1000 * (i + 1)),
      receiptHash: label(`${tag}/receipt/${i}`),
      inputHash: prev,
      outputHash: out,
    });
    prev = out;
    if (failed) break;
  }
  const outputHashOfStep = options.failAt === undefined ? prev : ZERO;
  return { stepInputHash, hops, outputHash: outputHashOfStep } satisfies CoordinationRecord;
}

const computeThenExecution = (tag: string, failAt?: number) =>
  chain(tag, [Role.ROLE_COMPUTE, Role.ROLE_EXECUTION], failAt === undefined ? {} : { failAt });

async function run(record: CoordinationRecord | Uint8Array, state: SessionState, sequence: bigint) {
  const bytes = record instanceof Uint8Array ? record : encodeCoordinationRecord(record);
  return executeStep(coordinator, bytes, state, ctx(sequence));
}

async function refused(record: CoordinationRecord | Uint8Array, message: RegExp, state = new SessionState()) {
  const out = await run(record, state, 1n);
  expect(out.status).toBe(AGENT_ERROR);
  expect(out.error?.message).toMatch(message);
  expect(out.state).toBe(state);
  expect(out.stateRootAfter).toEqual(out.stateRootBefore);
}

describe("coordinator agent", () => {
  it("records a real risk → clearing step: chain checked, receipt hashes out, ledger in state", async () => {
    const stepInput = sampleRiskInput(3, 40);
    const computeLeg = await executeStep(risk, stepInput, new SessionState(), ctx(1n));
    const executionLeg = await executeStep(clearing, computeLeg.output, new SessionState(), ctx(1n));
    expect([computeLeg.status, executionLeg.status]).toEqual([OK, OK]);
    const record: CoordinationRecord = {
      stepInputHash: inputHash(stepInput),
      hops: [
        {
          role: Role.ROLE_COMPUTE,
          status: computeLeg.status,
          fuelUsed: computeLeg.fuelUsed,
          receiptHash: label("risk receipt"),
          inputHash: inputHash(stepInput),
          outputHash: outputHash(computeLeg.output),
        },
        {
          role: Role.ROLE_EXECUTION,
          status: executionLeg.status,
          fuelUsed: executionLeg.fuelUsed,
          receiptHash: label("clearing receipt"),
          inputHash: inputHash(computeLeg.output),
          outputHash: outputHash(executionLeg.output),
        },
      ],
      outputHash: outputHash(executionLeg.output),
    };
    const out = await run(record, new SessionState(), 1n);
    expect(out.status, out.error?.message).toBe(OK);
    expect(decodeCoordinatorOutput(out.output)).toEqual({
      sequence: 1n,
      ok: true,
      legsFuelUsed: computeLeg.fuelUsed + executionLeg.fuelUsed,
      steps: 1n,
      receiptHashes: [label("risk receipt"), label("clearing receipt")],
    });
    expect(decodeCoordinatorLedger(out.state)).toEqual({
      sequence: 1n,
      steps: 1n,
      failed: 0n,
      legsFuelUsed: computeLeg.fuelUsed + executionLeg.fuelUsed,
      tip: label("clearing receipt"),
    });
    // docs/runtime.md: ~3,100 fuel for a 2-leg step, small next to its legs.
    expect(out.fuelUsed).toBeLessThan(5_000n);
    expect(out.fuelUsed * 10n).toBeLessThan(computeLeg.fuelUsed + executionLeg.fuelUsed);
  });

  it("records a step whose compute leg failed: ok = 0, zero output hash, failed counted", async () => {
    const out = await run(chain("f", [Role.ROLE_COMPUTE], { failAt: 0 }), new SessionState(), 7n);
    expect(out.status, out.error?.message).toBe(OK);
    const decoded = decodeCoordinatorOutput(out.output);
    expect(decoded.ok).toBe(false);
    expect(decoded.receiptHashes).toEqual([label("f/receipt/0")]);
    expect(decodeCoordinatorLedger(out.state)).toMatchObject({ sequence: 7n, steps: 1n, failed: 1n });
  });

  it("records a step whose execution leg failed after an OK compute leg", async () => {
    const out = await run(computeThenExecution("e", 1), new SessionState(), 1n);
    expect(out.status, out.error?.message).toBe(OK);
    expect(decodeCoordinatorOutput(out.output)).toMatchObject({ ok: false, legsFuelUsed: 3000n });
    expect(decodeCoordinatorLedger(out.state)?.tip).toEqual(label("e/receipt/1"));
  });

  it("records a 1-leg step", async () => {
    const out = await run(chain("one", [Role.ROLE_COMPUTE]), new SessionState(), 0n);
    expect(out.status, out.error?.message).toBe(OK);
    expect(decodeCoordinatorOutput(out.output)).toEqual({
      sequence: 0n,
      ok: true,
      legsFuelUsed: 1000n,
      steps: 1n,
      receiptHashes: [label("one/receipt/0")],
    });
  });

  it("keeps the ledger across steps: seq, steps, failed, fuel and tip advance", async () => {
    let state = new SessionState();
    const fuels: bigint[] = [];
    for (let i = 1; i <= 5; i++) {
      const failAt = i === 3 ? 0 : undefined;
      const out = await run(computeThenExecution(`s${i}`, failAt), state, BigInt(100 + i));
      expect(out.status, out.error?.message).toBe(OK);
      const decoded = decodeCoordinatorOutput(out.output);
      expect(decoded.steps).toBe(BigInt(i));
      expect(decoded.sequence).toBe(BigInt(100 + i));
      fuels.push(decoded.legsFuelUsed);
      state = out.state;
    }
    expect(fuels).toEqual([3000n, 3000n, 1000n, 3000n, 3000n]);
    expect(decodeCoordinatorLedger(state)).toEqual({
      sequence: 105n,
      steps: 5n,
      failed: 1n,
      legsFuelUsed: 13_000n,
      tip: label("s5/receipt/1"),
    });
    // A lease resumed from a checkpoint carries on from its "seq".
    const resumed = SessionState.fromSnapshot(state.snapshot());
    expect((await run(computeThenExecution("s6"), resumed, 106n)).status).toBe(OK);
    await refused(computeThenExecution("s6"), /sequence not after the last: last 105 got 1/, resumed);
  });

  it("refuses a state whose counters are not u64s", async () => {
    const state = new SessionState();
    state.set(new TextEncoder().encode("steps"), new Uint8Array(4));
    await refused(computeThenExecution("c"), /counter is not a u64/, state);
  });

  it("adds leg fuel saturating at 2^64 - 1", async () => {
    const max = 2n ** 64n - 1n;
    const out = await run(
      chain("sat", [Role.ROLE_COMPUTE, Role.ROLE_EXECUTION], { fuel: [max - 5n, 10n] }),
      new SessionState(),
      1n,
    );
    expect(decodeCoordinatorOutput(out.output).legsFuelUsed).toBe(max);
    const next = await run(chain("sat2", [Role.ROLE_COMPUTE]), out.state, 2n);
    expect(decodeCoordinatorLedger(next.state)?.legsFuelUsed).toBe(max);
  });

  it("refuses a replay or a step from the past, and goes on after a step it refused", async () => {
    const first = await run(computeThenExecution("a"), new SessionState(), 10n);
    expect(first.status).toBe(OK);
    const replay = await run(computeThenExecution("b"), first.state, 10n);
    expect(replay.status).toBe(AGENT_ERROR);
    expect(replay.error?.message).toMatch(/sequence not after the last: last 10 got 10/);
    const past = await run(computeThenExecution("b"), first.state, 9n);
    expect(past.error?.message).toMatch(/sequence not after the last: last 10 got 9/);
    // Step 11 refused (a bad record): the ledger stays at 10 and step 12 is taken.
    const bad = await run(new Uint8Array([9]), first.state, 11n);
    expect(bad.status).toBe(AGENT_ERROR);
    const next = await run(computeThenExecution("c"), first.state, 12n);
    expect(next.status).toBe(OK);
    expect(decodeCoordinatorLedger(next.state)?.sequence).toBe(12n);
  });

  it("refuses a first leg whose input is not the step input", async () => {
    const r = computeThenExecution("x");
    r.hops[0] = { ...(r.hops[0] as CoordinationHopRecord), inputHash: label("elsewhere") };
    await refused(r, /leg 0 input hash is not the step input hash/);
  });

  it("refuses a leg whose input is not the previous leg's output", async () => {
    const r = chain("x", [Role.ROLE_COMPUTE, Role.ROLE_EXECUTION, Role.ROLE_EXECUTION]);
    r.hops[2] = { ...(r.hops[2] as CoordinationHopRecord), inputHash: label("elsewhere") };
    await refused(r, /leg 2 input hash is not leg 1 output hash/);
  });

  it("refuses a step output hash other than the last leg's output", async () => {
    await refused(
      { ...computeThenExecution("x"), outputHash: label("elsewhere") },
      /output hash is not the last leg/,
    );
    await refused({ ...computeThenExecution("x"), outputHash: ZERO }, /output hash is not the last leg/);
  });

  it("refuses a non-zero output hash when the last leg failed", async () => {
    const r = computeThenExecution("x", 1);
    await refused(
      { ...r, outputHash: r.hops[1]?.outputHash as Uint8Array },
      /must be zero when a leg failed/,
    );
  });

  it("refuses a leg after a failed leg", async () => {
    const r = computeThenExecution("x");
    r.hops[0] = { ...(r.hops[0] as CoordinationHopRecord), status: StepStatus.STEP_STATUS_OUT_OF_FUEL };
    await refused(r, /leg 1 follows failed leg 0/);
  });

  it("refuses an unknown version, a bad leg count, truncated or trailing bytes", async () => {
    const bytes = encodeCoordinationRecord(computeThenExecution("x"));
    const v2 = bytes.slice();
    v2[0] = 2;
    await refused(v2, /unknown coordination record version/);
    const noLegs = bytes.slice();
    noLegs[33] = 0;
    await refused(noLegs, /0 legs, expected 1\.\.8/);
    const nineLegs = bytes.slice();
    nineLegs[33] = MAX_COORDINATION_HOPS + 1;
    await refused(nineLegs, /9 legs/);
    for (const cut of [0, 1, 33, 34, 100, bytes.length - 1]) {
      await refused(bytes.subarray(0, cut), /coordination record truncated/);
    }
    await refused(new Uint8Array([...bytes, 0]), /trailing bytes/);
    // A record claiming 1 leg but carrying 2: the second leg reads as the output hash, then trailing.
    const fewer = bytes.slice();
    fewer[33] = 1;
    await refused(fewer, /trailing bytes/);
  });

  it("is deterministic: same record and state give the same output, state root and fuel", async () => {
    const before = (await run(computeThenExecution("d0"), new SessionState(), 4n)).state;
    const record = encodeCoordinationRecord(computeThenExecution("d1", 1));
    const a = await executeStep(coordinator, record, before.clone(), ctx(5n));
    const b = await executeStep(coordinator, record, before.clone(), ctx(5n));
    expect(a.status).toBe(OK);
    expect([b.status, b.output, b.stateRootAfter, b.fuelUsed]).toEqual([
      a.status,
      a.output,
      a.stateRootAfter,
      a.fuelUsed,
    ]);
    expect(b.state.snapshot()).toEqual(a.state.snapshot());
    // A verifier re-executes the coordination receipt from module + input + state before.
    const receipt: Receipt = {
      sessionId: new Uint8Array(32),
      leaseId: new Uint8Array(32),
      role: Role.ROLE_COORDINATION,
      sequence: 5n,
      moduleHash: moduleHash(coordinatorBytes),
      inputHash: inputHash(record),
      outputHash: outputHash(a.output),
      stateRootBefore: a.stateRootBefore,
      stateRootAfter: a.stateRootAfter,
      fuelUsed: a.fuelUsed,
      pricePerFuel: 1n,
      prevReceiptHash: new Uint8Array(32),
      timestampMs: ctx(5n).timestampMs,
      status: a.status,
      operator: "",
      signature: new Uint8Array(0),
    };
    expect((await reexecute(receipt, coordinatorBytes, record, before.snapshot())).mismatches).toEqual([]);
    const forged = await reexecute(receipt, coordinatorBytes, record, new SessionState());
    expect(forged.mismatches.map((m) => m.field)).toContain("stateRootBefore");
  });

  it("property: any well-chained record of 1..8 legs is accepted and echoed", async () => {
    const roles = fc.constantFrom(Role.ROLE_COMPUTE, Role.ROLE_EXECUTION, Role.ROLE_COORDINATION);
    const fuel = fc.bigInt({ min: 0n, max: 2n ** 40n });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(roles, fuel), { minLength: 1, maxLength: MAX_COORDINATION_HOPS }),
        fc.option(fc.nat(), { nil: undefined }),
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        async (legs, failSeed, sequence) => {
          const failAt = failSeed === undefined ? undefined : failSeed % legs.length;
          const record = chain(
            `p${sequence}`,
            legs.map(([r]) => r),
            { ...(failAt === undefined ? {} : { failAt }), fuel: legs.map(([, f]) => f) },
          );
          const out = await run(record, new SessionState(), sequence);
          expect(out.status, out.error?.message).toBe(OK);
          const decoded = decodeCoordinatorOutput(out.output);
          expect(decoded).toEqual({
            sequence,
            ok: failAt === undefined,
            legsFuelUsed: record.hops.reduce((s, h) => s + h.fuelUsed, 0n),
            steps: 1n,
            receiptHashes: record.hops.map((h) => h.receiptHash),
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it("property: random bytes fail only that step, with AGENT_ERROR or TRAP", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
        const state = new SessionState();
        const out = await run(bytes, state, 1n);
        expect([AGENT_ERROR, StepStatus.STEP_STATUS_TRAP]).toContain(out.status);
        expect(out.state).toBe(state);
      }),
      { numRuns: 100 },
    );
  });
});

describe("coordinator codec", () => {
  it("refuses malformed outputs and ledgers", () => {
    const good = new Uint8Array([
      1,
      ...new Uint8Array(8),
      1,
      ...new Uint8Array(16),
      1,
      ...new Uint8Array(32),
    ]);
    expect(decodeCoordinatorOutput(good).receiptHashes).toHaveLength(1);
    expect(() => decodeCoordinatorOutput(good.subarray(0, good.length - 1))).toThrow(AgentCodecError);
    expect(() => decodeCoordinatorOutput(new Uint8Array([...good, 0]))).toThrow(/trailing/);
    const v2 = good.slice();
    v2[0] = 2;
    expect(() => decodeCoordinatorOutput(v2)).toThrow(/version 2/);
    const badOk = good.slice();
    badOk[9] = 2;
    expect(() => decodeCoordinatorOutput(badOk)).toThrow(/ok flag/);

    expect(decodeCoordinatorLedger(new SessionState())).toBeUndefined();
    const partial = new SessionState();
    partial.set(new TextEncoder().encode("seq"), new Uint8Array(8));
    expect(() => decodeCoordinatorLedger(partial)).toThrow(AgentCodecError);
  });
});
