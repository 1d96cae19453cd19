/**
 * bad-input: flood the workers and the scheduler with garbage gossip, malformed protobuf, oversized
 * frames, replayed, tampered and unstaked adverts, hostile wasm modules (uploaded with PutBlob and
 * placed), and unauthenticated gRPC calls; then run honest sessions through the same mesh. Goals:
 * no process crashes, every unauthenticated call is refused, hostile modules fail their own steps
 * only, memory stays bounded (≤ 1.5 × the baseline RSS of each process), honest sessions settle.
 */
import { join } from "node:path";
import { createSession, openSession, submitStep, watchSession } from "@padmesh/sdk";
import { createAttacker } from "../faults/attacker.js";
import { hostileModules } from "../faults/hostile-wasm.js";
import { auditDrill } from "../harness/audit-drill.js";
import { workerSpecs } from "../harness/drill-mesh.js";
import { driveSessions, openSessions, type TrafficOptions } from "../harness/traffic.js";
import { createReceiptLedger } from "../ledger/receipt-ledger.js";
import type { Drill, DrillRunOptions } from "./interface.js";
import { everySessionCompletes, MAX_PRICE, pipelineRoles, sleep } from "./session-plan.js";

export const badInput: Drill = {
  name: "bad-input",
  description: "garbage gossip and frames, bad adverts, hostile wasm, unauthenticated gRPC; then honest work",
  mesh: (full) => ({ workers: workerSpecs(full ? 4 : 3, 1) }),
  async run(o: DrillRunOptions) {
    const { mesh } = o;
    const t0 = performance.now();
    const size = o.full
      ? { rounds: 3, gossip: 600, adverts: 60, frames: 8, grpc: 200, sessions: 3, steps: 20 }
      : { rounds: 1, gossip: 150, adverts: 15, frames: 3, grpc: 64, sessions: 1, steps: 6 };
    const supplyBefore = await mesh.supply();

    // Baseline: RSS of every process after a warm-up session, before any garbage.
    const ledger = createReceiptLedger();
    const traffic: TrafficOptions = {
      client: mesh.client,
      ledger,
      sessions: 1,
      stepsPerSession: size.steps,
      inFlightPerSession: 2,
      roles: await pipelineRoles(),
      depositPad: 1_000n,
      maxPricePerFuel: MAX_PRICE,
      deadlineMs: performance.now() + 120_000,
      signal: o.signal,
    };
    const warm = await openSessions(traffic);
    await driveSessions(warm, traffic);
    const baseline = await mesh.procs.sample();
    mesh.say(`bad-input: baseline RSS ${[...baseline.values()].map((v) => v.toFixed(0)).join("/")} MB`);

    const attacker = await createAttacker({
      keyFile: join(mesh.devnet.dataDir, "attacker.peer.key"),
      bootstrap: mesh.devnet.scheduler.multiaddrs,
      deployment: mesh.devnet.deployment,
    });
    const targets = [
      ...mesh.devnet.scheduler.multiaddrs,
      ...mesh.devnet.workers.flatMap((w) =>
        ((w.process.ready.multiaddrs as string[] | undefined) ?? []).slice(0, 1),
      ),
    ];
    // Let gossip form a mesh with us and bring us some genuine adverts to replay.
    for (let i = 0; i < 40 && attacker.captured.length === 0; i++) await sleep(250, o.signal);

    const hostile = { placed: 0, refused: 0, stepsFailed: 0, stepsOk: 0, stepsUnanswered: 0 };
    const peak = new Map<string, number>();
    const notePeak = async () => {
      for (const [k, v] of await mesh.procs.sample()) peak.set(k, Math.max(peak.get(k) ?? 0, v));
    };
    for (let round = 0; round < size.rounds; round++) {
      mesh.say(`bad-input: round ${round + 1}/${size.rounds}`);
      await attacker.floodGossip(size.gossip);
      await attacker.replayAndTamper(size.adverts);
      await attacker.unstakedAdverts(size.adverts);
      await attacker.fuzzStreams(targets, size.frames);
      await attacker.unauthenticatedGrpc(
        mesh.devnet.scheduler.grpc,
        size.grpc,
        warm.map((w) => w.sessionId),
      );
      await notePeak();
      if (round === 0) {
        // Hostile modules: uploaded (PutBlob) and placed by an authenticated project.
        for (const m of hostileModules()) {
          const deposit = 10n ** 20n;
          try {
            const { sessionId } = await openSession(mesh.client, { deposit, maxPricePerFuel: MAX_PRICE });
            const { leases } = await createSession(mesh.client, {
              sessionId,
              roles: [{ role: "compute", module: m.bytes, maxPricePerFuel: MAX_PRICE }],
            });
            hostile.placed++;
            const stop = new AbortController();
            const watch = watchSession(mesh.client, {
              sessionId,
              budget: deposit,
              leases,
              signal: stop.signal,
            });
            await submitStep(mesh.client, { sessionId, input: new Uint8Array(8), retryForMs: 5_000 });
            const outcome = await Promise.race([
              (async () => {
                for await (const u of watch) {
                  if (u.type === "stepFailed") return "failed";
                  if (u.type === "step") return "ok";
                }
                return "closed";
              })().catch(() => "error"),
              sleep(20_000).then(() => "timeout"),
            ]);
            stop.abort();
            if (outcome === "failed") hostile.stepsFailed++;
            else if (outcome === "ok") hostile.stepsOk++;
            else hostile.stepsUnanswered++;
            mesh.say(`bad-input: hostile module ${m.name}: step ${outcome}`);
          } catch (err) {
            hostile.refused++;
            mesh.say(
              `bad-input: hostile module ${m.name}: refused (${(err as Error).message.slice(0, 120)})`,
            );
          }
        }
      }
    }
    await attacker.stop();
    await notePeak();

    // The mesh still does honest work after all that.
    const after = { ...traffic, sessions: size.sessions, deadlineMs: performance.now() + 120_000 };
    const honest = await openSessions(after);
    await driveSessions(honest, after);
    const sessions = [...warm, ...honest];
    const rss = [...baseline.entries()].map(([name, base]) => ({ name, base, peak: peak.get(name) ?? 0 }));
    const worst = rss.reduce((w, r) => (r.peak / r.base > w.peak / w.base ? r : w), rss[0]!);
    const c = attacker.counts;
    return auditDrill({
      drill: "bad-input",
      mesh,
      sessions,
      ledger,
      supplyBefore,
      startedAtMs: t0,
      claimWaitMs: o.claimWaitMs,
      keepMesh: o.keepMesh,
      extra: {
        gossip_garbage: c.gossipGarbage,
        adverts_replayed: c.advertsReplayed,
        adverts_tampered: c.advertsTampered,
        adverts_unstaked: c.advertsUnstaked,
        stream_frames: c.streamFrames,
        grpc_unauthenticated_calls: c.grpcCalls,
        grpc_accepted: c.grpcAccepted,
        grpc_codes: JSON.stringify(c.grpcCodes),
        grpc_unauthenticated_sent: c.grpcExpected.unauthenticated.sent,
        grpc_unauthenticated_answered: c.grpcExpected.unauthenticated.answered,
        grpc_permission_denied_sent: c.grpcExpected.permissionDenied.sent,
        grpc_permission_denied_answered: c.grpcExpected.permissionDenied.answered,
        hostile_modules: hostileModules().length,
        hostile_refused_at_placement: hostile.refused,
        hostile_steps_failed: hostile.stepsFailed,
        hostile_steps_ok: hostile.stepsOk,
        hostile_steps_unanswered: hostile.stepsUnanswered,
        rss_worst: `${worst.name} ${worst.base.toFixed(0)} → ${worst.peak.toFixed(0)} MB`,
      },
      goals: (f) => [
        {
          name: "every unauthenticated gRPC call refused",
          ok: c.grpcAccepted === 0 && c.grpcCalls > 0,
          detail: `${c.grpcCalls} calls, ${c.grpcAccepted} accepted, codes ${JSON.stringify(c.grpcCodes)}`,
        },
        {
          name: "refused with the right status: UNAUTHENTICATED (no or forged signature), PERMISSION_DENIED (a stranger's valid one)",
          ok:
            c.grpcExpected.unauthenticated.sent > 0 &&
            c.grpcExpected.permissionDenied.sent > 0 &&
            c.grpcExpected.unauthenticated.answered === c.grpcExpected.unauthenticated.sent &&
            c.grpcExpected.permissionDenied.answered === c.grpcExpected.permissionDenied.sent,
          detail: `UNAUTHENTICATED ${c.grpcExpected.unauthenticated.answered}/${c.grpcExpected.unauthenticated.sent}, PERMISSION_DENIED ${c.grpcExpected.permissionDenied.answered}/${c.grpcExpected.permissionDenied.sent}${c.grpcWrongAnswers.length ? `; answered otherwise: ${c.grpcWrongAnswers.join("; ")}` : ""}`,
        },
        {
          name: "hostile modules fail their own steps (or are refused), never succeed or hang",
          ok: hostile.stepsOk === 0 && hostile.stepsUnanswered === 0,
          detail: `${hostile.refused} refused, ${hostile.stepsFailed} failed cleanly, ${hostile.stepsOk} succeeded, ${hostile.stepsUnanswered} unanswered`,
        },
        {
          name: "memory bounded: every process ≤ 1.5 × its baseline RSS",
          ok: rss.every((r) => r.peak <= 1.5 * r.base),
          detail: rss.map((r) => `${r.name} ${(r.peak / r.base).toFixed(2)}×`).join(", "),
        },
        everySessionCompletes(f, "honest sessions complete after the flood", ""),
      ],
    });
  },
};
