/**
 * The sessions drills run: risk control on a compute lease and clearing on an execution lease,
 * driven by a coordinator lease (the demo's plan), or compute only with a verifier (so every
 * output can be re-executed locally).
 */
import { loadSampleAgent } from "@padmesh/runtime";
import type { MeshClient, RolePlan } from "@padmesh/sdk";
import type { DrillMesh } from "../harness/drill-mesh.js";
import type { SessionRecord, TrafficOptions } from "../harness/traffic.js";
import type { ReceiptLedger } from "../ledger/receipt-ledger.js";
import type { DrillFigures, InvariantResult } from "../report/report.js";

export const MAX_PRICE = 10_000n;

export async function pipelineRoles(): Promise<RolePlan[]> {
  const [risk, clearing, coordinator] = await Promise.all([
    loadSampleAgent("risk"),
    loadSampleAgent("clearing"),
    loadSampleAgent("coordinator"),
  ]);
  return [
    { role: "compute", module: risk, strategy: "throughput", maxPricePerFuel: MAX_PRICE },
    { role: "execution", module: clearing, strategy: "latency", maxPricePerFuel: MAX_PRICE },
    { role: "coordination", module: coordinator, maxPricePerFuel: MAX_PRICE },
  ];
}

export async function verifiedComputeRoles(): Promise<{ roles: RolePlan[]; module: Uint8Array }> {
  const risk = await loadSampleAgent("risk");
  return {
    module: risk,
    roles: [
      { role: "compute", module: risk, strategy: "throughput", maxPricePerFuel: MAX_PRICE },
      { role: "verification", maxPricePerFuel: MAX_PRICE },
    ],
  };
}

/** Workers currently holding a running lease of a session that still has steps to do. */
export function busyWorkers(
  mesh: DrillMesh,
  sessions: readonly SessionRecord[],
  stepsPerSession: number,
): string[] {
  const ops = new Set<string>();
  for (const s of sessions) {
    if (s.completed.size + s.failed.size >= stepsPerSession) continue;
    const latestByRole = new Map<number, string>();
    for (const e of s.leaseEvents) latestByRole.set(e.lease.role, e.lease.operator.toLowerCase());
    for (const op of latestByRole.values()) ops.add(op);
  }
  return mesh.devnet.workers
    .filter((w) => w.spec.roles.includes("compute") && ops.has(w.key.address.toLowerCase()))
    .map((w) => w.spec.name);
}

export function operatorOf(mesh: DrillMesh, name: string): string {
  return mesh.devnet.workers.find((w) => w.spec.name === name)!.key.address;
}

export function isRunning(mesh: DrillMesh, name: string): boolean {
  const p = mesh.devnet.workers.find((w) => w.spec.name === name)!.process.child;
  return p.exitCode === null && p.signalCode === null;
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

/** The size of a drill's traffic. */
export interface TrafficSize {
  sessions: number;
  steps: number;
  inFlight: number;
  deadlineS: number;
}

/** A drill's traffic on the mesh's project client: `size`, 1,000 PAD a session, the drills' price cap. */
export function trafficFor(
  mesh: { client: MeshClient },
  ledger: ReceiptLedger,
  size: TrafficSize,
  roles: RolePlan[],
  signal?: AbortSignal,
): TrafficOptions {
  return {
    client: mesh.client,
    ledger,
    sessions: size.sessions,
    stepsPerSession: size.steps,
    inFlightPerSession: size.inFlight,
    roles,
    depositPad: 1_000n,
    maxPricePerFuel: MAX_PRICE,
    deadlineMs: performance.now() + size.deadlineS * 1000,
    ...(signal ? { signal } : {}),
  };
}

/** The goal most drills share: every session they started ran all its steps. */
export function everySessionCompletes(
  f: DrillFigures,
  name = "every session completes",
  more = `${f.steps_failed} steps failed`,
): InvariantResult {
  return {
    name,
    ok: f.sessions_completed === f.sessions_started,
    detail: `${f.sessions_completed}/${f.sessions_started} sessions${more ? `, ${more}` : ""}`,
  };
}
