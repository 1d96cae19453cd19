/**
 * Running one step in-process: a fresh instance per step (so nothing leaks between steps), fuel
 * and limits set through the instrumentation's globals, `step()` called, the outcome classified.
 * Deterministic: the same module, input, state, context and limits give the same outcome on any
 * machine. The wall-time backstop needs a worker thread: see worker/worker-executor.ts.
 */
import { StepStatus } from "@padmesh/proto/core";
import { HostTrap } from "../abi/host-trap.js";
import { type StepContext, StepHost } from "../abi/step-host.js";
import { STEP_ERROR_CODE } from "../errors.js";
import { resolveLimits, type StepLimits } from "../limits.js";
import type { AgentModule } from "../module/agent-module.js";
import type { SessionState } from "../state/session-state.js";
import { EXPORTS, TRAP_STATUS } from "../wasm/instrument.js";
import { acquireMemory, releaseMemory } from "./memory-pool.js";
import type { StepOutcome } from "./step-outcome.js";

export type { StepContext };

interface Failure {
  status: StepStatus;
  code: string;
  message: string;
}

/**
 * Runs one step. Never throws for the agent's own faults: those come back as a status other than
 * OK, with the state unchanged. Throws only InvalidLimitsError for bad `limits`.
 * @example
 * const out = await executeStep(agent, input, new SessionState(), { sequence: 1n, timestampMs: 1_700_000_000_000n });
 */
export async function executeStep(
  module: AgentModule,
  input: Uint8Array,
  state: SessionState,
  ctx: StepContext,
  limits?: Partial<StepLimits>,
): Promise<StepOutcome> {
  return runStep(module, input, state, ctx, resolveLimits(limits));
}

/** executeStep without the promise, with limits already resolved. */
export function runStep(
  module: AgentModule,
  input: Uint8Array,
  state: SessionState,
  ctx: StepContext,
  limits: StepLimits,
): StepOutcome {
  const rootBefore = state.root();
  const host = new StepHost(input, state, ctx, limits);
  host.fuel.value = limits.fuel;
  const fail = (f: Failure, fuelUsed: bigint): StepOutcome => ({
    status: f.status,
    output: new Uint8Array(0),
    state,
    stateRootBefore: rootBefore,
    stateRootAfter: rootBefore,
    fuelUsed,
    logs: host.logs,
    error: { code: f.code, message: f.message },
  });

  const pages = Math.min(module.memory.maximum, limits.memoryPages);
  if (module.memory.initial > pages) {
    return fail(
      {
        status: StepStatus.STEP_STATUS_MEMORY_LIMIT,
        code: STEP_ERROR_CODE.memoryLimit,
        message: `the module needs ${module.memory.initial} pages at start, the limit is ${limits.memoryPages}`,
      },
      0n,
    );
  }

  let fuel: WebAssembly.Global | undefined;
  let status: WebAssembly.Global | undefined;
  const memory = module.memory.imported ? acquireMemory(module) : undefined;
  try {
    const instance = new WebAssembly.Instance(module.compiled, host.imports(memory));
    const exports = instance.exports as Record<string, unknown>;
    if (module.metered) {
      fuel = exports[EXPORTS.fuel] as WebAssembly.Global;
      status = exports[EXPORTS.status] as WebAssembly.Global;
      fuel.value = limits.fuel;
      (exports[EXPORTS.memLimit] as WebAssembly.Global).value = pages;
      host.fuel = fuel as unknown as { value: bigint };
      host.memory = exports[EXPORTS.memory] as WebAssembly.Memory;
      if (module.hasStart) {
        (exports[EXPORTS.start] as () => void)();
        (exports[EXPORTS.depth] as WebAssembly.Global).value = 0;
      }
    } else {
      host.memory = memory ?? (exports.memory as WebAssembly.Memory);
    }
    const result = (exports.step as () => number)();
    const fuelUsed = limits.fuel - (host.fuel.value as bigint);
    if (memory) releaseMemory(module, memory);
    if (result !== 0) {
      return fail(
        {
          status: StepStatus.STEP_STATUS_AGENT_ERROR,
          code: STEP_ERROR_CODE.agentError,
          message: `step() returned error code ${result}`,
        },
        fuelUsed,
      );
    }
    const after = state.clone();
    for (const { key, value } of host.overlay.values()) {
      if (value) after.set(key, value);
      else after.delete(key);
    }
    return {
      status: StepStatus.STEP_STATUS_OK,
      output: host.output(),
      state: after,
      stateRootBefore: rootBefore,
      stateRootAfter: after.root(),
      fuelUsed,
      logs: host.logs,
    };
  } catch (err) {
    if (memory) releaseMemory(module, memory);
    const f = classify(err, fuel, status);
    const left = fuel ? (fuel.value as bigint) : host.fuel.value;
    const used =
      f.status === StepStatus.STEP_STATUS_OUT_OF_FUEL || left < 0n ? limits.fuel : limits.fuel - left;
    return fail(f, used);
  }
}

function classify(
  err: unknown,
  fuel: WebAssembly.Global | undefined,
  status: WebAssembly.Global | undefined,
): Failure {
  if (err instanceof HostTrap) return { status: err.status, code: err.code, message: err.message };
  if (fuel && (fuel.value as bigint) < 0n) {
    return {
      status: StepStatus.STEP_STATUS_OUT_OF_FUEL,
      code: STEP_ERROR_CODE.outOfFuel,
      message: "out of fuel",
    };
  }
  const trapStatus = status ? (status.value as number) : TRAP_STATUS.none;
  if (trapStatus === TRAP_STATUS.memory) {
    return {
      status: StepStatus.STEP_STATUS_MEMORY_LIMIT,
      code: STEP_ERROR_CODE.memoryLimit,
      message: "memory.grow beyond the step's page limit",
    };
  }
  if (trapStatus === TRAP_STATUS.stack) {
    return {
      status: StepStatus.STEP_STATUS_TRAP,
      code: STEP_ERROR_CODE.stackOverflow,
      message: "call depth beyond the runtime's stack budget",
    };
  }
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    // Should not happen (the depth counter traps first); not deterministic if it does.
    return { status: StepStatus.STEP_STATUS_TRAP, code: STEP_ERROR_CODE.stackOverflow, message: err.message };
  }
  if (err instanceof WebAssembly.RuntimeError) {
    return {
      status: StepStatus.STEP_STATUS_TRAP,
      code: STEP_ERROR_CODE.trap,
      message: `wasm trap: ${err.message}`,
    };
  }
  if (err instanceof WebAssembly.LinkError) {
    return {
      status: StepStatus.STEP_STATUS_INVALID_MODULE,
      code: STEP_ERROR_CODE.invalidModule,
      message: err.message,
    };
  }
  if (err instanceof RangeError) {
    // e.g. the engine could not reserve the instance's memory: the host's problem, reported as a memory limit.
    return {
      status: StepStatus.STEP_STATUS_MEMORY_LIMIT,
      code: STEP_ERROR_CODE.memoryLimit,
      message: err.message,
    };
  }
  throw err;
}
