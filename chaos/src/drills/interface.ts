/** What every drill takes and returns. */
import type { WorkerSpec } from "@padmesh/operators";
import type { DrillMesh } from "../harness/drill-mesh.js";
import type { DrillReport } from "../report/report.js";

export interface DrillRunOptions {
  mesh: DrillMesh;
  /** Full size (minutes) rather than the short CI size (seconds). */
  full: boolean;
  /** The mesh is shared with a following drill: leave it running (workers restarted, faults healed). */
  keepMesh: boolean;
  /** How long operators get to claim after the sessions close (default 30 s). */
  claimWaitMs?: number;
  /**
   * How the partition drill cuts workers off: "proxy" (default: fault proxies on their network
   * links, the processes keep running) or "sigstop" (the processes are frozen).
   */
  partitionMode?: "proxy" | "sigstop";
  /** Seed for the drill's random choices (which workers, when). */
  seed?: number;
  signal?: AbortSignal;
}

/** The mesh a drill wants when it runs on its own (the CLI); tests may share one mesh. */
export interface DrillMeshSpec {
  workers: WorkerSpec[];
  params?: Record<string, bigint>;
}

export interface Drill {
  name: string;
  description: string;
  mesh(full: boolean): DrillMeshSpec;
  run(opts: DrillRunOptions): Promise<DrillReport>;
}
