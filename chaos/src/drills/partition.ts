/**
 * partition: cut a third of the workers off mid-run, then heal. A cut worker is frozen with
 * SIGSTOP: its TCP connections stay open but carry nothing (a black-hole partition — no RST, no
 * FIN, exactly what a dead switch port looks like), and its own clock stops; SIGCONT heals it and
 * it wakes up still believing it holds its leases, which is the split-brain case to check. The
 * cut lasts longer than the heartbeat timeout so the scheduler must re-place. Goals: no session
 * lost; no lease runs on two workers at once (checked in the journals: a replaced lease executes
 * nothing after its successor took over); the honest-path invariants.
 */
import { auditDrill } from "../harness/audit-drill.js";
import { workerSpecs } from "../harness/drill-mesh.js";
import { createRandom } from "../harness/random.js";
import { type Fault, replacementTimes } from "../harness/replacement.js";
import { driveSessions, openSessions, type TrafficOptions } from "../harness/traffic.js";
import { createReceiptLedger } from "../ledger/receipt-ledger.js";
import type { Drill, DrillRunOptions } from "./interface.js";
import { busyWorkers, MAX_PRICE, operatorOf, pipelineRoles, sleep } from "./session-plan.js";

export const partition: Drill = {
  name: "partition",
  description: "black-hole a third of the workers (SIGSTOP) past the heartbeat timeout, then heal",
  mesh: (full) => ({ workers: workerSpecs(full ? 9 : 6, 1) }),
  async run(o: DrillRunOptions) {
    const { mesh } = o;
    const t0 = performance.now();
    const rnd = createRandom(o.seed ?? 3);
    const size = o.full
      ? { sessions: 9, steps: 60, inFlight: 2, cutS: 10, deadlineS: 300 }
      : {
          sessions: 2,
          steps: 10,
          inFlight: 2,
          cutS: 2 * (mesh.heartbeatTimeoutMs / 1000) + 1,
          deadlineS: 120,
        };
    const compute = mesh.devnet.workers
      .filter((w) => w.spec.roles.includes("compute"))
      .map((w) => w.spec.name);
    const cutCount = Math.max(1, Math.round(compute.length / 3));
    const supplyBefore = await mesh.supply();
    const ledger = createReceiptLedger();
    const traffic: TrafficOptions = {
      client: mesh.client,
      ledger,
      sessions: size.sessions,
      stepsPerSession: size.steps,
      inFlightPerSession: size.inFlight,
      roles: await pipelineRoles(),
      depositPad: 1_000n,
      maxPricePerFuel: MAX_PRICE,
      deadlineMs: performance.now() + size.deadlineS * 1000,
      signal: o.signal,
    };
    const sessions = await openSessions(traffic);
    let running = true;
    const driving = driveSessions(sessions, traffic).finally(() => {
      running = false;
    });
    const faults: Fault[] = [];
    const cut: string[] = [];
    const total = size.sessions * size.steps;
    const injector = (async () => {
      while (running && sessions.reduce((n, s) => n + s.completed.size, 0) < total * 0.25)
        await sleep(25, o.signal);
      if (!running) return;
      const busy = busyWorkers(mesh, sessions, size.steps);
      const rest = compute.filter((n) => !busy.includes(n));
      cut.push(...rnd.pick(busy, cutCount));
      if (cut.length < cutCount) cut.push(...rnd.pick(rest, cutCount - cut.length));
      mesh.say(`partition: cutting ${cut.join(", ")} off for ${size.cutS} s`);
      const at = performance.now();
      for (const n of cut) {
        mesh.procs.pause(n);
        faults.push({ worker: n, operator: operatorOf(mesh, n), atMs: at, kind: "partition" });
      }
      await sleep(size.cutS * 1000);
      mesh.say("partition: healing");
      for (const n of cut) mesh.procs.resume(n);
    })();
    await driving;
    await injector;
    const repl = replacementTimes(faults, sessions, ledger);
    return auditDrill({
      drill: "partition",
      mesh,
      sessions,
      ledger,
      supplyBefore,
      startedAtMs: t0,
      replacementsS: repl.seconds,
      claimWaitMs: o.claimWaitMs,
      keepMesh: o.keepMesh,
      extra: {
        workers_cut: cut.length,
        cut_s: size.cutS,
        replacements_missed: repl.missed,
        partition_method: "SIGSTOP/SIGCONT (black hole)",
      },
      goals: (f) => [
        {
          name: "no session lost (every session completes)",
          ok: f.sessions_completed === f.sessions_started,
          detail: `${f.sessions_completed}/${f.sessions_started} sessions, ${f.steps_failed} steps failed`,
        },
        {
          name: "a third of the workers were cut off",
          ok: cut.length === cutCount,
          detail: `${cut.length} of ${compute.length} cut for ${size.cutS} s`,
        },
      ],
    });
  },
};
