/**
 * Run drills, each on its own fresh mesh sized for it (the CLI path; `padmesh chaos` and
 * `npm run chaos` call this). Returns the reports in order; a drill that throws is reported as a
 * FAIL with the error, never skipped.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Drill } from "./drills/interface.js";
import { startDrillMesh } from "./harness/drill-mesh.js";
import { buildReport, type DrillReport, emptyFigures } from "./report/report.js";

export interface RunDrillsOptions {
  drills: Drill[];
  full: boolean;
  basePort: number;
  seed?: number;
  /** Keep each drill's data directory (logs, journals) instead of deleting it. */
  keepData?: boolean;
  dataDir?: string;
  logLevel?: string;
  /** MeshParams set at deploy on top of each drill's own (e.g. verify.sampleRateBps). */
  params?: Record<string, bigint>;
  /** The partition drill's method (see DrillRunOptions). */
  partitionMode?: "proxy" | "sigstop";
  say?: (m: string) => void;
  onReport?: (r: DrillReport) => void;
}

export async function runDrills(o: RunDrillsOptions): Promise<DrillReport[]> {
  const reports: DrillReport[] = [];
  const say = o.say ?? (() => {});
  for (const [i, drill] of o.drills.entries()) {
    const t0 = performance.now();
    const dataDir = o.dataDir
      ? join(o.dataDir, drill.name)
      : mkdtempSync(join(tmpdir(), `padmesh-chaos-${drill.name}-`));
    const spec = drill.mesh(o.full);
    say(`${drill.name}: starting a mesh with ${spec.workers.length} workers (data in ${dataDir})`);
    let report: DrillReport;
    const mesh = await startDrillMesh({
      dataDir,
      basePort: o.basePort + i * 100,
      workers: spec.workers,
      params: { ...spec.params, ...o.params },
      logLevel: o.logLevel,
      say,
    }).catch((err: Error) => err);
    if (mesh instanceof Error) {
      report = failed(drill.name, `mesh did not start: ${mesh.message}`, t0);
    } else {
      try {
        await mesh.waitForWorkers(spec.workers.length);
        report = await drill.run({
          mesh,
          full: o.full,
          keepMesh: false,
          seed: o.seed,
          partitionMode: o.partitionMode,
        });
      } catch (err) {
        report = failed(drill.name, (err as Error).stack ?? String(err), t0);
      } finally {
        await mesh.stop();
      }
    }
    reports.push(report);
    o.onReport?.(report);
    if (!o.keepData && !o.dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
  return reports;
}

function failed(drill: string, error: string, t0: number): DrillReport {
  const f = emptyFigures();
  f.wall_s = (performance.now() - t0) / 1000;
  return buildReport(drill, f, [
    { name: "the drill ran to its end", ok: false, detail: error.split("\n").slice(0, 4).join(" | ") },
  ]);
}
