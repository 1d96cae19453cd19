/**
 * byzantine: 20% of the workers return wrong outputs (signed consistently, `dishonestRate`) and
 * undercut the honest ones on price so they win leases; the verifier samples receipts at the
 * governance rate (`verify.sampleRateBps`, set at deploy). The drill re-executes every compute
 * step locally to know which outputs were wrong. Goals: at a 100% sample rate no wrong output is
 * paid and every one is caught; at rate p the caught fraction is within 3σ of p; every dishonest
 * operator caught is slashed on-chain.
 *
 * Then, in a second phase (once the wrong-output sessions are done), two more workers forge
 * receipts (`faults.forgeRate`): one breaks its lease's hash chain (signed with its key: compute
 * role), one sends signatures that do not recover to its operator (execution role). They turn
 * cheapest of all, and a few more sessions (risk + clearing + verification) cap their price so
 * only the forgers qualify. Goals: the SDK refuses the chain
 * forgeries (`receiptRejected`, the lease is never countersigned again) and the scheduler the
 * signature forgeries (it fails the lease and re-places it); no forged receipt is paid.
 */
import { Role } from "@padmesh/proto";
import { getParams, listNodes } from "@padmesh/sdk";
import { auditAgainstReference } from "../audit/reference.js";
import { auditDrill } from "../harness/audit-drill.js";
import { workerSpecs } from "../harness/drill-mesh.js";
import { driveSessions, openSessions, type SessionRecord, type TrafficOptions } from "../harness/traffic.js";
import { createReceiptLedger } from "../ledger/receipt-ledger.js";
import type { Drill, DrillRunOptions } from "./interface.js";
import { pipelineRoles, sleep, trafficFor, verifiedComputeRoles } from "./session-plan.js";

/** Wrong-output rate of a dishonest worker, and its undercut price. */
export const DISHONEST_RATE = 0.5;
export const DISHONEST_PRICE = 800n;
/** Share of a forger's successful steps with a forged receipt, and its (undercut) price. */
export const FORGE_RATE = 0.5;
export const FORGER_PRICE = 600n;
const FORGE_KINDS = ["chain", "signature"] as const;

export function byzantineWorkers(count: number, verifiers: number) {
  const specs = workerSpecs(count, verifiers);
  const bad = Math.max(1, Math.round(count * 0.2));
  for (let i = 0; i < bad; i++) {
    specs[i]!.dishonestRate = DISHONEST_RATE;
    specs[i]!.pricePerFuel = DISHONEST_PRICE;
  }
  return specs;
}

/** |caught − p·wrong| within 3σ of a binomial(wrong, p) (+1 for discreteness). */
export function withinSamplingBounds(caught: number, wrong: number, p: number): boolean {
  const sigma = Math.sqrt(wrong * p * (1 - p));
  return Math.abs(caught - p * wrong) <= 3 * sigma + 1;
}

/**
 * Drive sessions to completion, the deadline, or until no step completed for 10 s (a session
 * whose only qualifying worker was caught lying cannot go on: that is not worth the deadline).
 */
async function driveUntilStalled(sessions: SessionRecord[], traffic: TrafficOptions, signal?: AbortSignal) {
  const stop = new AbortController();
  const sig = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  let running = true;
  const driving = driveSessions(sessions, { ...traffic, signal: sig }).finally(() => {
    running = false;
  });
  let last = -1;
  let since = performance.now();
  while (running) {
    await sleep(500, signal);
    const n = sessions.reduce((k, s) => k + s.completed.size + s.failed.size, 0);
    if (n !== last) {
      last = n;
      since = performance.now();
    } else if (performance.now() - since > 10_000) stop.abort();
  }
  await driving;
}

/** Let the verifier attest the last receipts: until no new attestation for 3 s (at most 20 s). */
async function waitForAttestations(sessions: SessionRecord[], signal?: AbortSignal) {
  const until = performance.now() + 20_000;
  let seen = -1;
  for (;;) {
    const n = sessions.reduce((k, s) => k + s.attestations.length, 0);
    if ((n === seen && n > 0) || performance.now() > until) break;
    seen = n;
    await sleep(3_000, signal);
  }
}

export const byzantine: Drill = {
  name: "byzantine",
  description: "20% of workers return wrong outputs; verifiers sample at the governance rate; slashes",
  mesh: (full) => ({
    workers: byzantineWorkers(full ? 10 : 5, 1),
    params: { "verify.sampleRateBps": 10_000n },
  }),
  async run(o: DrillRunOptions) {
    const { mesh } = o;
    const t0 = performance.now();
    const size = o.full
      ? { sessions: 10, steps: 40, inFlight: 2, deadlineS: 300, forging: 4 }
      : { sessions: 3, steps: 8, inFlight: 2, deadlineS: 90, forging: 2 };
    const rateBps = Number((await getParams(mesh.client)).params.get("verify.sampleRateBps") ?? "0");
    const p = rateBps / 10_000;

    // A shared mesh may have no dishonest worker yet: turn 20% of its workers dishonest (and back).
    const compute = mesh.devnet.workers.filter((w) => w.spec.roles.includes("compute"));
    const turned: string[] = [];
    if (!compute.some((w) => (w.spec.dishonestRate ?? 0) > 0)) {
      const bad = compute.slice(0, Math.max(1, Math.round(compute.length * 0.2)));
      for (const w of bad) {
        turned.push(w.spec.name);
        await mesh.restartWorker(w.spec.name, (cfg) => {
          cfg.faults = { dishonestRate: DISHONEST_RATE };
          cfg.prices = { compute: DISHONEST_PRICE.toString(), execution: DISHONEST_PRICE.toString() };
        });
      }
      await mesh.waitForWorkers(mesh.devnet.workers.length);
    }
    // Two honest compute workers will forge receipts in the second phase.
    const forgers = compute
      .filter((w) => (w.spec.dishonestRate ?? 0) === 0 && !turned.includes(w.spec.name))
      .slice(0, FORGE_KINDS.length)
      .map((w, i) => ({ name: w.spec.name, kind: FORGE_KINDS[i]!, worker: w }));
    const forgerPeers = new Set(forgers.map((f) => f.worker.peerId));
    const forgerOps = new Set(forgers.map((f) => f.worker.key.address.toLowerCase()));
    const nameOf = new Map(mesh.devnet.workers.map((w) => [w.key.address.toLowerCase(), w.spec.name]));
    // The dishonest workers' adverts (with their undercut prices) must be in the index first.
    const badPeers = new Set(
      mesh.devnet.workers
        .filter((w) => (w.spec.dishonestRate ?? 0) > 0 || turned.includes(w.spec.name))
        .map((w) => w.peerId),
    );
    for (let i = 0; i < 100; i++) {
      const nodes = await listNodes(mesh.client).catch(() => []);
      const cheap = nodes.filter(
        (n) =>
          n.advert &&
          badPeers.has(n.advert.peerId) &&
          n.advert.roles.every((r) => r.pricePerFuel <= DISHONEST_PRICE),
      );
      if (cheap.length >= badPeers.size) break;
      await sleep(200, o.signal);
    }
    const dishonest = new Set(
      mesh.devnet.workers
        .filter((w) => (w.spec.dishonestRate ?? 0) > 0 || turned.includes(w.spec.name))
        .map((w) => w.key.address.toLowerCase()),
    );

    const supplyBefore = await mesh.supply();
    const ledger = createReceiptLedger();
    const { roles, module } = await verifiedComputeRoles();
    const traffic = trafficFor(mesh, ledger, size, roles, o.signal);
    mesh.say(
      `byzantine: ${size.sessions} sessions × ${size.steps} steps, ${dishonest.size} dishonest workers, sample rate ${rateBps} bps`,
    );
    // Half the sessions are cost-capped just above the dishonest workers' price (a thrifty
    // project: only the undercutting workers qualify), the others take any worker.
    const thrifty = Math.ceil(size.sessions / 2);
    const capped = roles.map((r) =>
      r.role === "compute" ? { ...r, maxPricePerFuel: DISHONEST_PRICE + 100n } : r,
    );
    const sessions = [
      ...(await openSessions({ ...traffic, sessions: thrifty, roles: capped })),
      ...(await openSessions({ ...traffic, sessions: size.sessions - thrifty })),
    ];
    sessions.forEach((s, i) => {
      s.index = i;
    });
    await driveUntilStalled(sessions, traffic, o.signal);
    await waitForAttestations(sessions, o.signal);

    // Phase two: the forgers, cheapest of all. The chain forger offers only compute, the signature
    // forger only execution; the forging sessions cap both roles' price so only they qualify (every
    // forging session meets both; the compute outputs are right, so the execution steps succeed).
    mesh.say(`byzantine: ${forgers.length} workers turn forgers (${FORGE_KINDS.join(", ")})`);
    await Promise.all(
      forgers.map((f) =>
        mesh.restartWorker(f.name, (cfg) => {
          const role = f.kind === "chain" ? "compute" : "execution";
          cfg.roles = [role];
          cfg.prices = { [role]: FORGER_PRICE.toString() };
          cfg.faults = { ...(cfg.faults as object), forgeRate: FORGE_RATE, forgeKind: f.kind };
        }),
      ),
    );
    for (let i = 0; i < 100; i++) {
      const nodes = await listNodes(mesh.client).catch(() => []);
      const forging = nodes.filter(
        (n) =>
          n.advert &&
          forgerPeers.has(n.advert.peerId) &&
          n.advert.roles.length === 1 &&
          n.advert.roles.every((r) => r.pricePerFuel <= FORGER_PRICE),
      );
      if (forging.length >= forgerPeers.size) break;
      await sleep(200, o.signal);
    }
    const forgeRoles = [
      ...(await pipelineRoles()).map((r) => ({ ...r, maxPricePerFuel: FORGER_PRICE + 50n })),
      ...roles.filter((r) => r.role === "verification"),
    ];
    const forgeTraffic = { ...traffic, deadlineMs: performance.now() + size.deadlineS * 1000 };
    const forgingSessions = await openSessions({
      ...forgeTraffic,
      sessions: size.forging,
      roles: forgeRoles,
    });
    sessions.push(...forgingSessions);
    sessions.forEach((s, i) => {
      s.index = i;
    });
    await driveUntilStalled(forgingSessions, forgeTraffic, o.signal);
    await waitForAttestations(sessions, o.signal);
    // Leases the scheduler failed because a receipt's signature did not recover to the operator.
    const sigFailures = () =>
      sessions.reduce(
        (n, x) =>
          n +
          x.leaseEvents.filter(
            (e) => forgerOps.has(e.lease.operator.toLowerCase()) && /signature/i.test(e.reason),
          ).length,
        0,
      );

    const report = await auditDrill({
      drill: "byzantine",
      mesh,
      sessions,
      ledger,
      supplyBefore,
      startedAtMs: t0,
      reference: () => auditAgainstReference(module, sessions, ledger),
      claimWaitMs: o.claimWaitMs,
      keepMesh: false,
      extra: {
        sample_rate_bps: rateBps,
        dishonest_workers: dishonest.size,
        dishonest_rate: DISHONEST_RATE,
        forging_workers: forgers.map((f) => `${f.name}:${f.kind}`).join(", "),
        forge_rate: FORGE_RATE,
        forging_sessions: forgingSessions.length,
        forged_refused_by_scheduler: sigFailures(),
        forging_sessions_on: [
          ...new Set(
            forgingSessions.flatMap((x) =>
              x.leaseEvents
                .filter((e) => e.lease.role !== Role.ROLE_VERIFICATION)
                .map((e) => nameOf.get(e.lease.operator.toLowerCase()) ?? e.lease.operator),
            ),
          ),
        ].join(", "),
      },
      goals: (f, { settlement, reference }) => {
        const caughtOps = new Set(reference?.caught.map((r) => r.operator) ?? []);
        const unslashed = [...caughtOps].filter((op) => !settlement.slashedOperators.has(op));
        // The escrow can only slash through a claim: an operator caught before it held any voucher
        // (the SDK froze its lease, the scheduler took its leases away) never claims, so it is
        // left unpaid but cannot be challenged.
        const neverClaimed = unslashed.filter((op) =>
          settlement.leases.filter((l) => l.operator === op).every((l) => l.claimed === 0n),
        );
        const honestAccused = reference?.falseAccusations ?? 0;
        const wrongByHonest = reference?.wrong.filter((r) => !dishonest.has(r.operator)).length ?? 0;
        const forgerLeases = settlement.leases.filter((l) => forgerOps.has(l.operator));
        const refused = new Set(sessions.flatMap((x) => [...x.rejectedLeases]));
        const forgedPaid = forgerLeases.filter(
          (l) => refused.has(l.leaseId) && l.finalized && !l.voided && l.claimed > l.acknowledged,
        ).length;
        const chainRefused = sessions.reduce((n, x) => n + x.receiptsRejected, 0);
        const sigRefused = sigFailures();
        return [
          {
            name: "forged receipts are refused (hash chain by the SDK, signature by the scheduler) and never paid",
            ok: chainRefused > 0 && sigRefused > 0 && forgedPaid === 0 && settlement.overSettled === 0,
            detail: `${chainRefused} receipts refused by the SDK in ${refused.size} leases, ${sigRefused} leases failed by the scheduler for a bad receipt signature; ${forgedPaid} forger leases claimed above what the project acknowledged; ${settlement.receiptsForfeited} acknowledged receipts forfeited (above a frozen lease's last voucher)`,
          },
          {
            name: "dishonest workers produced wrong outputs the SDK acknowledged",
            ok: f.wrong_outputs > 0,
            detail: `${f.wrong_outputs} wrong of ${reference?.compared ?? 0} compute receipts (${wrongByHonest} from honest workers)`,
          },
          p >= 1
            ? {
                name: "at a 100% sample rate every wrong output is caught and none is paid",
                ok: f.wrong_outputs_caught === f.wrong_outputs && f.wrong_outputs_paid === 0,
                detail: `${f.wrong_outputs_caught}/${f.wrong_outputs} caught, ${f.wrong_outputs_paid} paid`,
              }
            : {
                name: `caught fraction within 3σ of the sample rate ${p}`,
                ok: withinSamplingBounds(f.wrong_outputs_caught, f.wrong_outputs, p),
                detail: `${f.wrong_outputs_caught}/${f.wrong_outputs} caught (expected ${(p * f.wrong_outputs).toFixed(1)} ± ${(3 * Math.sqrt(f.wrong_outputs * p * (1 - p))).toFixed(1)})`,
              },
          {
            name: "every dishonest operator caught is slashed on-chain (or never claimed: unpaid, nothing to challenge)",
            ok: unslashed.length === neverClaimed.length,
            detail: `${caughtOps.size} operators caught, ${settlement.slashes} challenges upheld, ${unslashed.length} caught but not slashed, of which ${neverClaimed.length} never claimed anything`,
          },
          {
            name: "no honest receipt accused",
            ok: honestAccused === 0,
            detail: `${honestAccused} mismatch attestations against right outputs, ${reference?.verifiedOk ?? 0} right outputs attested, ${reference?.unjudged ?? 0} mismatch attestations on receipts the SDK never acknowledged or of other roles (not judged)`,
          },
        ];
      },
    });
    if (o.keepMesh) {
      // Back to the mesh as it was for the next drill (the audit left the workers stopped).
      const forgerNames = forgers.map((f) => f.name);
      await Promise.all(
        mesh.devnet.workers.map((w) =>
          mesh.restartWorker(
            w.spec.name,
            turned.includes(w.spec.name) || forgerNames.includes(w.spec.name)
              ? (cfg) => {
                  cfg.roles = w.spec.roles;
                  delete cfg.capacity;
                  cfg.faults = { dishonestRate: w.spec.dishonestRate ?? 0 };
                  cfg.prices = Object.fromEntries(
                    w.spec.roles.map((r) => [r, w.spec.pricePerFuel.toString()]),
                  );
                }
              : undefined,
          ),
        ),
      );
      // A slashed operator may now be under the minimum stake and rightly ignored by the index.
      await mesh.waitForWorkers(mesh.devnet.workers.length - turned.length, 30_000);
    }
    return report;
  },
};
