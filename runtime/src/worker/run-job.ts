/**
 * One job as a worker runs it: load (cached), decode the state, run, encode. A module the runtime
 * rejects becomes an INVALID_MODULE outcome (a receipt-able failure of that step only).
 */
import { StepStatus } from "@padmesh/proto/core";
import { ExecutorError, InvalidModuleError, STEP_ERROR_CODE } from "../errors.js";
import { runStep } from "../exec/execute-step.js";
import { type AgentModule, loadModuleSync } from "../module/agent-module.js";
import { SessionState } from "../state/session-state.js";
import type { StepJob, WireOutcome } from "./messages.js";
import { ModuleCache } from "./module-cache.js";

/** Modules (or their load errors) this worker compiled: jobs without bytes reuse them. */
const modules = new ModuleCache<AgentModule | InvalidModuleError>();

export function runJob(job: StepJob): WireOutcome {
  const state = SessionState.fromSnapshot(job.snapshot);
  let module: AgentModule;
  try {
    let loaded = job.module ? undefined : modules.use(job.moduleKey);
    if (job.module) {
      try {
        loaded = loadModuleSync(job.module);
      } catch (err) {
        if (!(err instanceof InvalidModuleError)) throw err;
        loaded = err;
      }
      modules.put(job.moduleKey, loaded);
    }
    if (!loaded) throw new ExecutorError(`no module ${job.moduleKey}: the job omitted its bytes`);
    if (loaded instanceof InvalidModuleError) throw loaded;
    module = loaded;
  } catch (err) {
    if (!(err instanceof InvalidModuleError)) throw err;
    const root = state.root();
    return {
      status: StepStatus.STEP_STATUS_INVALID_MODULE,
      output: new Uint8Array(0),
      stateRootBefore: root,
      stateRootAfter: root,
      fuelUsed: 0n,
      logs: [],
      error: { code: STEP_ERROR_CODE.invalidModule, message: err.message },
    };
  }
  const out = runStep(module, job.input, state, job.ctx, job.limits);
  return {
    status: out.status,
    output: out.output,
    ...(out.state !== state ? { snapshot: out.state.snapshot() } : {}),
    stateRootBefore: out.stateRootBefore,
    stateRootAfter: out.stateRootAfter,
    fuelUsed: out.fuelUsed,
    logs: out.logs,
    ...(out.error ? { error: out.error } : {}),
  };
}
