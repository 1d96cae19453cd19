/**
 * The short version of every chaos drill, on one shared real mesh (Hardhat chain, contracts,
 * scheduler and 6 workers + a verifier as processes on 127.0.0.1; verifier sample rate 100%).
 * Each drill checks the honest-path invariants on its own sessions — every acknowledged receipt
 * journalled and settled exactly once, none duplicated, no lease on two workers at once, no wrong
 * output paid, PAD conserved, no crash — plus its own goals; a FAIL fails the test, with the
 * drill's report as the message. The full drills: `npm run chaos -- --full`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DRILLS } from "../src/drills/index.js";
import type { Drill } from "../src/drills/interface.js";
import { type DrillMesh, startDrillMesh, workerSpecs } from "../src/harness/drill-mesh.js";
import { reportTable } from "../src/report/report.js";

const say = process.env.CHAOS_VERBOSE ? (m: string) => process.stderr.write(`» ${m}\n`) : () => {};

describe("chaos drills (short, shared mesh)", () => {
  let mesh: DrillMesh;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "padmesh-chaos-ci-"));
    mesh = await startDrillMesh({
      dataDir,
      // CHAOS_BASE_PORT: a second run on the same machine (another engineer's) needs other ports.
      basePort: Number(process.env.CHAOS_BASE_PORT ?? 24_545),
      workers: workerSpecs(6, 1),
      params: { "verify.sampleRateBps": 10_000n },
      say,
    });
    await mesh.waitForWorkers(7);
  }, 180_000);
  afterAll(async () => {
    await mesh?.stop();
    if (dataDir && !process.env.CHAOS_KEEP) rmSync(dataDir, { recursive: true, force: true });
  });

  const run = async (drill: Drill) => {
    const report = await drill.run({ mesh, full: false, keepMesh: true, claimWaitMs: 30_000, seed: 7 });
    say(reportTable(report));
    return report;
  };

  for (const drill of DRILLS) {
    it(`${drill.name}: invariants hold`, async () => {
      const report = await run(drill);
      const failed = report.invariants.filter((i) => !i.ok);
      expect(failed, reportTable(report)).toEqual([]);
      expect(report.crashes).toBe(0);
      expect(report.sessions_started).toBeGreaterThan(0);
    }, 240_000);
  }
});
