/**
 * partition: cut a third of the workers off from the rest of the mesh mid-run, then heal.
 *
 * Default method ("proxy"): before the sessions start, every compute worker is restarted behind
 * two fault proxies (faults/partition-links.ts: one in front of its advertised address, one in
 * front of the scheduler it dials), so that all its libp2p traffic crosses them. The cut
 * black-holes both: existing connections stay open but carry nothing either way, new ones stall.
 * The worker process keeps running — its clock runs, its heartbeats go nowhere, it believes it
 * still holds its leases — which is the split-brain case to check. The socket table is read during
 * the cut to show no connection bypassed the proxies. Fallback ("sigstop", `--partition-mode
 * sigstop`): the cut workers are frozen with SIGSTOP and woken with SIGCONT (no clock runs during
 * the cut: a weaker case).
 *
 * The cut lasts longer than the heartbeat timeout so the scheduler must re-place. Goals: no
 * session lost; no lease runs on two workers at once (checked in the journals: a replaced lease
 * executes nothing after its successor took over); the honest-path invariants.
 */

import { type PartitionLinks, routeThroughProxies } from "../faults/partition-links.js";
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
  operatorOf,
  pipelineRoles,
  sleep,
  trafficFor,
} from "./session-plan.js";

export const partition: Drill = {
  name: "partition",
  description:
    "cut a third of the workers off (fault proxies on their links) past the heartbeat timeout, then heal",
  mesh: (full) => ({ workers: workerSpecs(full ? 9 : 6, 1) }),
  async run(o: DrillRunOptions) {
    const { mesh } = o;
    const mode = o.partitionMode ?? "proxy";
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

    let links: PartitionLinks | undefined;
    if (mode === "proxy") {
      mesh.say(`partition: putting ${compute.length} workers behind fault proxies`);
      links = await routeThroughProxies(mesh, compute);
      await mesh.waitForWorkers(mesh.devnet.workers.length);
    }
    let restored = false;
    const restore = async () => {
      if (restored) return;
      restored = true;
      await links?.restore();
    };

    try {
      const supplyBefore = await mesh.supply();
      const ledger = createReceiptLedger();
      const traffic = trafficFor(mesh, ledger, size, await pipelineRoles(), o.signal);
      const sessions = await openSessions(traffic);
      let running = true;
      const driving = driveSessions(sessions, traffic).finally(() => {
        running = false;
      });
      const faults: Fault[] = [];
      const cut: string[] = [];
      const total = size.sessions * size.steps;
      // Proof the partition was real (proxy mode): connections past the proxies seen during the
      // cut, socket-table samples taken, bytes held by the proxies.
      const evidence = {
        bypasses: 0,
        samples: 0,
        unchecked: 0,
        bytesHeld: 0,
        stalledDials: 0,
        throughProxy: 0,
      };
      let cutWindow: { from: number; to: number } | undefined;
      const injector = (async () => {
        while (running && sessions.reduce((n, s) => n + s.completed.size, 0) < total * 0.25)
          await sleep(25, o.signal);
        if (!running) return;
        const busy = busyWorkers(mesh, sessions, size.steps);
        const rest = compute.filter((n) => !busy.includes(n));
        cut.push(...rnd.pick(busy, cutCount));
        if (cut.length < cutCount) cut.push(...rnd.pick(rest, cutCount - cut.length));
        mesh.say(`partition (${mode}): cutting ${cut.join(", ")} off for ${size.cutS} s`);
        const at = performance.now();
        for (const n of cut) {
          if (links) links.cut(n);
          else mesh.procs.pause(n);
          faults.push({ worker: n, operator: operatorOf(mesh, n), atMs: at, kind: "partition" });
        }
        const healAt = at + size.cutS * 1000;
        while (performance.now() < healAt) {
          if (links) {
            for (const n of cut) {
              const b = await links.bypasses(n);
              if (b === undefined) evidence.unchecked++;
              else {
                evidence.samples++;
                evidence.bypasses += b;
              }
            }
          }
          await sleep(Math.min(1_000, Math.max(0, healAt - performance.now())));
        }
        cutWindow = { from: at, to: performance.now() };
        mesh.say("partition: healing");
        for (const n of cut) {
          if (links) {
            const st = links.stats(n);
            evidence.bytesHeld += st.inbound.bytesHeld + st.outbound.bytesHeld;
            evidence.stalledDials += st.inbound.acceptedWhileCut + st.outbound.acceptedWhileCut;
            links.heal(n);
          } else mesh.procs.resume(n);
        }
      })();
      await driving;
      await injector;
      if (links)
        for (const n of compute) {
          const st = links.stats(n);
          evidence.throughProxy +=
            st.inbound.bytesUp + st.inbound.bytesDown + st.outbound.bytesUp + st.outbound.bytesDown;
        }
      // Receipts of the cut workers' leases the project acknowledged while they were cut: the
      // scheduler may still forward what it got just before the cut, nothing produced after it.
      const cutOps = new Set(cut.map((n) => operatorOf(mesh, n).toLowerCase()));
      const duringCut = cutWindow
        ? ledger
            .all()
            .filter(
              (r) =>
                cutOps.has(r.operator) && r.ackAtMs > cutWindow!.from + 2_000 && r.ackAtMs < cutWindow!.to,
            ).length
        : 0;
      const repl = replacementTimes(faults, sessions, ledger);
      return await auditDrill({
        drill: "partition",
        mesh,
        sessions,
        ledger,
        supplyBefore,
        startedAtMs: t0,
        replacementsS: repl.seconds,
        claimWaitMs: o.claimWaitMs,
        keepMesh: o.keepMesh,
        afterWorkersStopped: restore,
        extra: {
          workers_cut: cut.length,
          cut_s: size.cutS,
          replacements_missed: repl.missed,
          partition_method:
            mode === "proxy"
              ? "fault proxies on the workers' links (black hole; processes keep running)"
              : "SIGSTOP/SIGCONT (processes frozen)",
          ...(links
            ? {
                partition_bypasses: evidence.bypasses,
                partition_socket_samples: evidence.samples,
                partition_bytes_held: evidence.bytesHeld,
                partition_dials_stalled: evidence.stalledDials,
                partition_bytes_through_proxies: evidence.throughProxy,
              }
            : {}),
          receipts_from_cut_workers_during_cut: duringCut,
        },
        goals: (f) => [
          everySessionCompletes(f, "no session lost (every session completes)"),
          {
            name: "a third of the workers were cut off",
            ok: cut.length === cutCount,
            detail: `${cut.length} of ${compute.length} cut for ${size.cutS} s (${mode})`,
          },
          ...(links
            ? [
                {
                  name: "the partition was real (all traffic through the proxies, none past them during the cut)",
                  ok: evidence.bypasses === 0 && evidence.throughProxy > 0 && evidence.unchecked === 0,
                  detail: `${evidence.bypasses} direct connections in ${evidence.samples} socket-table samples${evidence.unchecked ? ` (${evidence.unchecked} samples could not be taken: no ss)` : ""}; ${evidence.throughProxy} bytes relayed, ${evidence.bytesHeld} held during the cut, ${evidence.stalledDials} dials stalled`,
                },
              ]
            : []),
        ],
      });
    } finally {
      // A drill that failed before its audit still leaves the mesh as it found it.
      if (!restored && links) {
        for (const n of compute) mesh.procs.resume(n);
        await Promise.all(compute.map((n) => mesh.procs.stop(n).catch(() => undefined)));
        await restore();
        if (o.keepMesh) await Promise.all(compute.map((n) => mesh.restartWorker(n)));
      }
    }
  },
};
