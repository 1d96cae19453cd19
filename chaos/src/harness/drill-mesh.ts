/**
 * The mesh a drill runs against: a real devnet (chain, contracts, scheduler and workers as
 * processes on 127.0.0.1), the project's SDK client, a process watch (crashes, RSS) and the PAD
 * supply at the start. Several drills may share one mesh; each drill checks its own sessions.
 */
import { readFile, writeFile } from "node:fs/promises";
import { type Devnet, projectClient, startDevnet, type WorkerSpec } from "@padmesh/operators";
import { listNodes, type MeshClient } from "@padmesh/sdk";
import { type SupplySnapshot, supplySnapshot } from "../audit/conservation.js";
import { type ProcessWatch, watchDevnet } from "./process-watch.js";

export interface DrillMesh {
  devnet: Devnet;
  client: MeshClient;
  procs: ProcessWatch;
  /** Scheduler heartbeat timeout (interval × max missed), ms. */
  heartbeatTimeoutMs: number;
  say: (m: string) => void;
  /** A fresh client (after a scheduler restart the old channel reconnects by itself; this is for new code). */
  newClient(): MeshClient;
  supply(): Promise<SupplySnapshot>;
  /** Restart a worker, optionally with its config changed (e.g. faults), and track it. */
  restartWorker(name: string, patch?: (config: Record<string, unknown>) => void): Promise<void>;
  /** Change a worker's config file (used at its next start). */
  patchWorkerConfig(name: string, patch: (config: Record<string, unknown>) => void): Promise<void>;
  restartScheduler(): Promise<void>;
  waitForWorkers(count: number, timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
}

export interface DrillMeshOptions {
  dataDir: string;
  basePort: number;
  workers: WorkerSpec[];
  /** MeshParams on top of the devnet defaults. */
  params?: Record<string, bigint>;
  logLevel?: string;
  say?: (m: string) => void;
}

/** Honest compute/execution/coordination workers plus verifiers, named worker-1.., verifier-1.. */
export function workerSpecs(
  count: number,
  verifiers = 1,
  dishonest: Record<string, number> = {},
): WorkerSpec[] {
  const out: WorkerSpec[] = [];
  for (let i = 1; i <= count; i++) {
    const name = `worker-${i}`;
    out.push({
      name,
      roles: ["compute", "execution", "coordination"],
      pricePerFuel: 1_000n,
      dishonestRate: dishonest[name] ?? 0,
    });
  }
  for (let i = 1; i <= verifiers; i++)
    out.push({ name: `verifier-${i}`, roles: ["verification"], pricePerFuel: 500n });
  return out;
}

export async function startDrillMesh(opts: DrillMeshOptions): Promise<DrillMesh> {
  const say = opts.say ?? (() => {});
  const devnet = await startDevnet({
    dataDir: opts.dataDir,
    workers: opts.workers,
    basePort: opts.basePort,
    logLevel: opts.logLevel ?? "warn",
    params: { "rate.stepsPerSecond": 100_000n, ...opts.params },
    // Enough PAD for many sessions' deposits.
    projectFunds: 10_000_000n * 10n ** 18n,
    onProgress: say,
  });
  const procs = watchDevnet(devnet);
  procs.start();
  const newClient = () => projectClient(devnet);
  const client = newClient();
  const worker = (name: string) => {
    const w = devnet.workers.find((x) => x.spec.name === name);
    if (!w) throw new Error(`no worker ${name}`);
    return w;
  };
  const mesh: DrillMesh = {
    devnet,
    client,
    procs,
    // The scheduler's defaults (leases.heartbeatIntervalMs × maxMissedHeartbeats); the devnet
    // does not override them.
    heartbeatTimeoutMs: 1_000 * 3,
    say,
    newClient,
    supply: () => supplySnapshot(devnet),
    async restartWorker(name, patch) {
      const w = worker(name);
      if (w.process.child.exitCode === null && w.process.child.signalCode === null) await procs.stop(name);
      if (patch) await mesh.patchWorkerConfig(name, patch);
      procs.track(name, await w.restart());
    },
    async patchWorkerConfig(name, patch) {
      const w = worker(name);
      const cfg = JSON.parse(await readFile(w.configFile, "utf8")) as Record<string, unknown>;
      patch(cfg);
      await writeFile(w.configFile, JSON.stringify(cfg, null, 2));
    },
    async restartScheduler() {
      procs.track("scheduler", await devnet.scheduler.restart());
    },
    async waitForWorkers(count, timeoutMs = 60_000) {
      const until = performance.now() + timeoutMs;
      for (;;) {
        const n = (await listNodes(client).catch(() => [])).length;
        if (n >= count || performance.now() > until) return n;
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async stop() {
      procs.expectAllExits();
      procs.stopSampling();
      client.close();
      await devnet.stop();
    },
  };
  return mesh;
}
