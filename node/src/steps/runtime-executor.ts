/**
 * StepExecutor over `@padmesh/runtime`: modules loaded (validated + fuel-instrumented) once per
 * hash, the session state decoded from its snapshot (or taken from a cache of the states this
 * executor produced, so a running lease does not re-decode every step), one metered step run.
 * Protocol limits (memory, output size) are the runtime's defaults, the same on every node and
 * verifier; only fuel comes from the lease.
 */
import { StepStatus } from "@padmesh/proto";
import { type AgentModule, executeStep, loadModule, SessionState } from "@padmesh/runtime";
import type { ExecutionOutcome, StepExecution, StepExecutor } from "./executor.js";

export interface RuntimeExecutorInit {
  /** Modules kept loaded (least recently used dropped). Default 32. */
  moduleCacheSize?: number;
}

export function createRuntimeExecutor(init: RuntimeExecutorInit = {}): StepExecutor {
  const modules = new Map<string, Promise<AgentModule>>();
  const cap = init.moduleCacheSize ?? 32;
  const states = new WeakMap<Uint8Array, SessionState>();

  function module(hashHex: string, bytes: Uint8Array): Promise<AgentModule> {
    let m = modules.get(hashHex);
    if (m) {
      modules.delete(hashHex);
      modules.set(hashHex, m);
      return m;
    }
    m = loadModule(bytes);
    modules.set(hashHex, m);
    m.catch(() => modules.delete(hashHex));
    while (modules.size > cap) modules.delete(modules.keys().next().value as string);
    return m;
  }

  return {
    async execute(step: StepExecution): Promise<ExecutionOutcome> {
      const state = states.get(step.stateBefore) ?? SessionState.fromSnapshot(step.stateBefore);
      let agent: AgentModule;
      try {
        agent = await module(Buffer.from(step.moduleHash).toString("hex"), step.moduleBytes);
      } catch (err) {
        const root = state.root();
        return {
          status: StepStatus.STEP_STATUS_INVALID_MODULE,
          output: new Uint8Array(0),
          stateAfter: step.stateBefore,
          stateRootBefore: root,
          stateRootAfter: root,
          fuelUsed: 0n,
          logs: [],
          error: err instanceof Error ? err.message : String(err),
        };
      }
      const out = await executeStep(
        agent,
        step.input,
        state,
        { sequence: step.sequence, timestampMs: step.timestampMs },
        { fuel: step.fuelLimit },
      );
      const stateAfter = out.status === StepStatus.STEP_STATUS_OK ? out.state.snapshot() : step.stateBefore;
      states.set(stateAfter, out.state);
      return {
        status: out.status,
        output: out.output,
        stateAfter,
        stateRootBefore: out.stateRootBefore,
        stateRootAfter: out.stateRootAfter,
        fuelUsed: out.fuelUsed,
        logs: out.logs,
        error: out.error ? `${out.error.code}: ${out.error.message}` : undefined,
      };
    },
    async close() {
      modules.clear();
    },
  };
}
