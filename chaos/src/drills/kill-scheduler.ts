/**
 * kill-scheduler: SIGKILL the scheduler at fixed shares of the steps done (short: 25% and 60%;
 * full: 20, 40, 60 and 80%) while sessions run; it restarts from its
 * journal, the SDK's watches reconnect and resume from their cursors, submits retry with their
 * idempotency keys. Goals: no session lost (each completes), no lease on two workers at once,
 * and the honest-path invariants.
 */
import { auditDrill } from "../harness/audit-drill.js";
import { workerSpecs } from "../harness/drill-mesh.js";
import { driveSessions, openSessions } from "../harness/traffic.js";
import { createReceiptLedger } from "../ledger/receipt-ledger.js";
import { quantile } from "../report/report.js";
import type { Drill, DrillRunOptions } from "./interface.js";
import { everySessionCompletes, pipelineRoles, sleep, trafficFor } from "./session-plan.js";

export const killScheduler: Drill = {
  name: "kill-scheduler",
  description: "SIGKILL the scheduler every few seconds during a run; it restarts from its journal",
  mesh: (full) => ({ workers: workerSpecs(full ? 6 : 4, 1) }),
  async run(o: DrillRunOptions) {
    const { mesh } = o;
    const t0 = performance.now();
    const size = o.full
      ? { sessions: 8, steps: 60, inFlight: 2, killAt: [0.2, 0.4, 0.6, 0.8], deadlineS: 300 }
      : { sessions: 2, steps: 10, inFlight: 2, killAt: [0.25, 0.6], deadlineS: 120 };
    const supplyBefore = await mesh.supply();
    const ledger = createReceiptLedger();
    const traffic = trafficFor(mesh, ledger, size, await pipelineRoles(), o.signal);
    mesh.say(
      `kill-scheduler: ${size.sessions} sessions × ${size.steps} steps, scheduler SIGKILL at ${size.killAt.map((f) => `${f * 100}%`).join(", ")} of the steps`,
    );
    const sessions = await openSessions(traffic);
    let running = true;
    const driving = driveSessions(sessions, traffic).finally(() => {
      running = false;
    });
    const restartS: number[] = [];
    let kills = 0;
    const total = size.sessions * size.steps;
    const killer = (async () => {
      // Kill at fixed shares of the steps done, however fast the mesh runs them (a timer let a
      // fast mesh finish before the first kill).
      for (const share of size.killAt) {
        while (running && sessions.reduce((n, s) => n + s.completed.size, 0) < total * share)
          await sleep(25, o.signal);
        if (!running) return;
        kills++;
        mesh.say(`kill-scheduler: SIGKILL the scheduler (#${kills})`);
        const at = performance.now();
        mesh.procs.kill9("scheduler");
        await mesh.devnet.scheduler.process.exited;
        await mesh.restartScheduler();
        restartS.push((performance.now() - at) / 1000);
      }
    })();
    await driving;
    await killer;
    return auditDrill({
      drill: "kill-scheduler",
      mesh,
      sessions,
      ledger,
      supplyBefore,
      startedAtMs: t0,
      claimWaitMs: o.claimWaitMs,
      keepMesh: o.keepMesh,
      extra: {
        scheduler_kills: kills,
        scheduler_restart_p99_s: quantile(restartS, 0.99),
      },
      goals: (f) => [
        everySessionCompletes(
          f,
          "no session lost (every session completes)",
          `${f.steps_failed} steps failed, ${kills} scheduler kills`,
        ),
        {
          name: "the scheduler was killed mid-run at every planned point",
          ok: kills === size.killAt.length,
          detail: `${kills} of ${size.killAt.length} kills`,
        },
      ],
    });
  },
};
