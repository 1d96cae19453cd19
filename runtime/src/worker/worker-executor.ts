/**
 * Steps in worker threads, with the wall-time backstop: a step still running after
 * `limits.wallTimeMs` has its worker terminated (and replaced) and ends with STEP_STATUS_TIMEOUT.
 * Nothing an agent does can harm the calling process. Workers cache compiled modules by hash.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { StepStatus } from "@padmesh/proto/core";
import type { StepContext } from "../abi/step-host.js";
import { ExecutorError, RuntimeError, STEP_ERROR_CODE } from "../errors.js";
import type { StepOutcome } from "../exec/step-outcome.js";
import { resolveLimits, type StepLimits } from "../limits.js";
import { SessionState } from "../state/session-state.js";
import type { StepJob, StepReply, WireOutcome } from "./messages.js";
import { ModuleCache, moduleKey } from "./module-cache.js";

export interface WorkerExecutorOptions {
  /** Worker threads (steps run in parallel up to this); default min(4, cores - 1), at least 1. */
  workers?: number;
}

export interface WorkerExecutor {
  execute(
    moduleBytes: Uint8Array,
    input: Uint8Array,
    stateSnapshot: Uint8Array,
    ctx: StepContext,
    limits?: Partial<StepLimits>,
  ): Promise<StepOutcome>;
  /** Start every worker thread now (they otherwise start with the first steps). */
  warm(): void;
  close(): Promise<void>;
}

interface Pending {
  job: StepJob;
  resolve: (o: StepOutcome) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  current?: Pending;
  timer?: NodeJS.Timeout;
  /** A copy of the module bytes last sent to this worker (it keeps that module loaded). */
  /** Twin of the worker's module cache: which modules it holds compiled. */
  modules: ModuleCache<true>;
}

const BOOTSTRAP = new URL("./step-worker-bootstrap.mjs", import.meta.url);

function toOutcome(
  wire: WireOutcome,
  stateBefore: () => SessionState,
  snapshotBefore: Uint8Array,
): StepOutcome {
  const outcome: StepOutcome = {
    status: wire.status,
    output: wire.output,
    state: undefined as unknown as SessionState,
    stateSnapshot: wire.snapshot ?? snapshotBefore,
    stateRootBefore: wire.stateRootBefore,
    stateRootAfter: wire.stateRootAfter,
    fuelUsed: wire.fuelUsed,
    logs: wire.logs,
    ...(wire.error ? { error: wire.error } : {}),
  };
  // Decoded on first use: a caller that only stores the snapshot never pays for it.
  let state: SessionState | undefined;
  Object.defineProperty(outcome, "state", {
    enumerable: true,
    configurable: true,
    get: () => {
      state ??= wire.snapshot ? SessionState.fromTrustedSnapshot(wire.snapshot) : stateBefore();
      return state;
    },
    set: (value: SessionState) => {
      state = value;
    },
  });
  return outcome;
}

/**
 * A view that owns its whole ArrayBuffer. postMessage clones a typed array's entire underlying
 * buffer, and decoded protobuf fields are views into the frame (or a pooled buffer) they came in.
 */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

/**
 * A pool of step workers.
 * @example
 * const executor = createWorkerExecutor({ workers: 2 });
 * const out = await executor.execute(moduleBytes, input, state.snapshot(), { sequence: 1n, timestampMs: 0n });
 * await executor.close();
 */
export function createWorkerExecutor(options: WorkerExecutorOptions = {}): WorkerExecutor {
  const size = Math.max(1, options.workers ?? Math.min(4, availableParallelism() - 1));
  const slots: (Slot | undefined)[] = new Array(size).fill(undefined);
  const queue: Pending[] = [];
  let nextId = 1;
  let closed = false;

  const spawn = (index: number): Slot => {
    const worker = new Worker(BOOTSTRAP, { resourceLimits: { stackSizeMb: 4, maxOldGenerationSizeMb: 512 } });
    worker.unref();
    const slot: Slot = {
      worker,
      modules: new ModuleCache<true>(),
      ready: new Promise((resolve, reject) => {
        const onMessage = (m: { ready?: boolean }) => {
          if (m.ready) {
            worker.off("message", onMessage);
            resolve();
          }
        };
        worker.on("message", onMessage);
        worker.once("error", reject);
      }),
    };
    slot.ready.catch(() => {});
    worker.on("message", (reply: StepReply | { ready: true }) => {
      if (!("id" in reply)) return;
      const job = slot.current;
      if (!job || job.job.id !== reply.id) return;
      clearTimeout(slot.timer);
      slot.current = undefined;
      worker.unref();
      if (reply.ok) {
        job.resolve(
          toOutcome(reply.outcome, () => SessionState.fromSnapshot(job.job.snapshot), job.job.snapshot),
        );
      } else {
        // The worker may not have kept the module: send its bytes again next time.
        slot.modules.delete(job.job.moduleKey);
        job.reject(new RuntimeError(reply.error.code, reply.error.message));
      }
      pump();
    });
    worker.on("error", (err) => fail(index, slot, err));
    worker.on("exit", (code) => fail(index, slot, new ExecutorError(`step worker exited with code ${code}`)));
    slots[index] = slot;
    return slot;
  };

  const fail = (index: number, slot: Slot, err: Error) => {
    if (slots[index] !== slot) return;
    slots[index] = undefined;
    clearTimeout(slot.timer);
    const job = slot.current;
    slot.current = undefined;
    void slot.worker.terminate();
    if (job) job.reject(new ExecutorError("step worker failed", { cause: err }));
    pump();
  };

  const timeout = (index: number, slot: Slot) => {
    const job = slot.current;
    if (!job || slots[index] !== slot) return;
    slots[index] = undefined;
    slot.current = undefined;
    void slot.worker.terminate();
    const state = SessionState.fromSnapshot(job.job.snapshot);
    const root = state.root();
    job.resolve({
      status: StepStatus.STEP_STATUS_TIMEOUT,
      output: new Uint8Array(0),
      state,
      stateSnapshot: job.job.snapshot,
      stateRootBefore: root,
      stateRootAfter: root,
      fuelUsed: job.job.limits.fuel,
      logs: [],
      error: {
        code: STEP_ERROR_CODE.timeout,
        message: `step ran past the ${job.job.limits.wallTimeMs} ms wall-time backstop`,
      },
    });
    pump();
  };

  const pump = () => {
    if (closed) return;
    for (let i = 0; i < size && queue.length > 0; i++) {
      let slot = slots[i];
      if (slot?.current) continue;
      slot ??= spawn(i);
      const job = queue.shift() as Pending;
      const s = slot;
      s.current = job;
      s.worker.ref(); // keeps the process alive while a step is in flight; idle workers do not
      s.ready.then(
        () => {
          if (s.current !== job || slots[i] !== s) return;
          s.timer = setTimeout(() => timeout(i, s), job.job.limits.wallTimeMs);
          // Module bytes cross (and are compiled) only when the worker does not hold them.
          const held = s.modules.use(job.job.moduleKey) !== undefined;
          if (!held) s.modules.put(job.job.moduleKey, true);
          const { input, snapshot, module } = job.job;
          s.worker.postMessage({
            ...job.job,
            input: ownBuffer(input),
            snapshot: ownBuffer(snapshot),
            module: held || !module ? undefined : ownBuffer(module),
          });
        },
        (err) => fail(i, s, err instanceof Error ? err : new Error(String(err))),
      );
    }
  };

  return {
    execute(moduleBytes, input, stateSnapshot, ctx, limits) {
      if (closed) return Promise.reject(new ExecutorError("the worker executor is closed"));
      let resolved: StepLimits;
      try {
        resolved = resolveLimits(limits);
      } catch (err) {
        return Promise.reject(err);
      }
      return new Promise<StepOutcome>((resolve, reject) => {
        queue.push({
          job: {
            id: nextId++,
            moduleKey: moduleKey(moduleBytes),
            module: moduleBytes,
            input,
            snapshot: stateSnapshot,
            ctx,
            limits: resolved,
          },
          resolve,
          reject,
        });
        pump();
      });
    },
    warm() {
      if (closed) return;
      for (let i = 0; i < size; i++) slots[i] ??= spawn(i);
    },
    async close() {
      closed = true;
      const pending = queue.splice(0);
      for (const p of pending) p.reject(new ExecutorError("the worker executor is closed"));
      await Promise.all(
        slots.map(async (slot, i) => {
          if (!slot) return;
          slots[i] = undefined;
          clearTimeout(slot.timer);
          slot.current?.reject(new ExecutorError("the worker executor is closed"));
          await slot.worker.terminate();
        }),
      );
    },
  };
}
