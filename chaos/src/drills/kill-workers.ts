/**
 * kill-workers: many concurrent sessions; SIGKILL 30% of the workers, one at a time, at moments
 * spread over the run, each chosen among the workers holding a running lease (mid-lease); restart
 * half of them later. Goals: no receipt lost or duplicated, every session completes, replacement
 * p99 within 2 × the heartbeat timeout.
 */
import { auditDrill } from "../harness/audit-drill.js";
import { workerSpecs } from "../harness/drill-mesh.js";
import { createRandom } from "../harness/random.js";
import { type Fault, replacementTimes } from "../harness/replacement.js";
import { driveSessions, openSessions } from "../harness/traffic.js";
import { createReceiptLedger } from "../ledger/receipt-ledger.js";
import type { Drill, DrillRunOptions } from "./interface.js";
import {
  busyWorkers,
  everySessionCompletes,
  isRunning,
  operatorOf,
  pipelineRoles,
  sleep,
  trafficFor,
} from "./session-plan.js";

export const killWorkers: Drill = {
  name: "kill-workers",
  description: "SIGKILL 30% of the workers mid-lease during many concurrent sessions; restart some",
  mesh: (full) => ({ workers: workerSpecs(full ? 12 : 6, 1) }),
  async run(o: DrillRunOptions) {
    const { mesh } = o;
    const t0 = performance.now();
    const rnd = createRandom(o.seed ?? 1);
    const size = o.full
      ? { sessions: 16, steps: 60, inFlight: 2, deadlineS: 300 }
      : { sessions: 2, steps: 10, inFlight: 2, deadlineS: 120 };
    const computeWorkers = mesh.devnet.workers.filter((w) => w.spec.roles.includes("compute"));
    const kills = Math.max(1, Math.round(computeWorkers.length * 0.3));
    const supplyBefore = await mesh.supply();
    const ledger = createReceiptLedger();
    const traffic = trafficFor(mesh, ledger, size, await pipelineRoles(), o.signal);
    mesh.say(
      `kill-workers: ${size.sessions} sessions × ${size.steps} steps, ${kills} of ${computeWorkers.length} workers to kill`,
    );
    const sessions = await openSessions(traffic);
    const total = size.sessions * size.steps;
    const faults: Fault[] = [];
    const killed: string[] = [];
    const driving = driveSessions(sessions, traffic);
    let running = true;
    void driving.finally(() => {
      running = false;
    });

    // Kill points spread over the run (by progress, so they land mid-run whatever the speed).
    const points = Array.from({ length: kills }, (_, i) => (0.15 + (0.6 * (i + rnd.next())) / kills) * total);
    const injector = (async () => {
      for (const at of points) {
        while (running && sessions.reduce((n, s) => n + s.completed.size, 0) < at) await sleep(25, o.signal);
        if (!running) return;
        const candidates = busyWorkers(mesh, sessions, size.steps).filter(
          (n) => !killed.includes(n) && isRunning(mesh, n),
        );
        const [victim] = rnd.pick(candidates, 1);
        if (!victim) continue;
        killed.push(victim);
        faults.push({
          worker: victim,
          operator: operatorOf(mesh, victim),
          atMs: performance.now(),
          kind: "SIGKILL",
        });
        mesh.say(`kill-workers: SIGKILL ${victim}`);
        mesh.procs.kill9(victim);
      }
    })();
    // Restart half of the killed workers once their leases have had time to move.
    const restarter = (async () => {
      await injector;
      await sleep(2 * mesh.heartbeatTimeoutMs, o.signal);
      for (const name of killed.slice(0, Math.floor(killed.length / 2))) {
        mesh.say(`kill-workers: restarting ${name}`);
        await mesh
          .restartWorker(name)
          .catch((err: Error) => mesh.say(`restart ${name} failed: ${err.message}`));
      }
    })();
    await driving;
    await injector;
    await restarter;
    // The other operators bring their nodes back too, so that they can claim what they earned: a
    // receipt still unsettled after that is lost by the mesh, not by an operator who stayed away.
    for (const name of killed.slice(Math.floor(killed.length / 2))) {
      mesh.say(`kill-workers: restarting ${name} for settlement`);
      await mesh
        .restartWorker(name)
        .catch((err: Error) => mesh.say(`restart ${name} failed: ${err.message}`));
    }
    const repl = replacementTimes(faults, sessions, ledger);
    // The killed workers not restarted come back for the audit (journals) and a following drill.
    const heartbeatTimeoutS = mesh.heartbeatTimeoutMs / 1000;
    return auditDrill({
      drill: "kill-workers",
      mesh,
      sessions,
      ledger,
      supplyBefore,
      startedAtMs: t0,
      replacementsS: repl.seconds,
      claimWaitMs: o.claimWaitMs,
      keepMesh: o.keepMesh,
      extra: {
        workers: computeWorkers.length,
        workers_killed: killed.length,
        workers_restarted: Math.floor(killed.length / 2),
        replacements_missed: repl.missed,
        heartbeat_timeout_s: heartbeatTimeoutS,
      },
      goals: (f) => [
        everySessionCompletes(f),
        {
          name: "receipts_lost = 0 and receipts_duplicated = 0",
          ok: f.receipts_lost === 0 && f.receipts_duplicated === 0,
          detail: `${f.receipts_lost} lost, ${f.receipts_duplicated} duplicated`,
        },
        {
          name: `replacement p99 ≤ 2 × heartbeat timeout (${2 * heartbeatTimeoutS} s)`,
          ok:
            repl.missed === 0 && f.replacement_p99_s !== null && f.replacement_p99_s <= 2 * heartbeatTimeoutS,
          detail: `${f.replacements} replacements, p99 ${f.replacement_p99_s?.toFixed(2) ?? "—"} s, ${repl.missed} never replaced`,
        },
      ],
    });
  },
};
