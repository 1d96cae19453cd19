/**
 * byzantine: 20% of the workers return wrong outputs (signed consistently, `dishonestRate`) and
 * undercut the honest ones on price so they win leases; the verifier samples receipts at the
 * governance rate (`verify.sampleRateBps`, set at deploy). The drill re-executes every compute
 * step locally to know which outputs were wrong. Goals: at a 100% sample rate no wrong output is
 * paid and every one is caught; at rate p the caught fraction is within 3σ of p; every dishonest
 * operator caught is slashed on-chain.
 */
import { getParams, listNodes } from "@padmesh/sdk";
import { auditAgainstReference } from "../audit/reference.js";
import { auditDrill } from "../harness/audit-drill.js";
import { workerSpecs } from "../harness/drill-mesh.js";
import { driveSessions, openSessions, type TrafficOptions } from "../harness/traffic.js";
import { createReceiptLedger } from "../ledger/receipt-ledger.js";
import type { Drill, DrillRunOptions } from "./interface.js";
import { MAX_PRICE, sleep, verifiedComputeRoles } from "./session-plan.js";

/** Wrong-output rate of a dishonest worker, and its undercut price. */
export const DISHONEST_RATE = 0.5;
export const DISHONEST_PRICE = 800n;

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
      ? { sessions: 10, steps: 40, inFlight: 2, deadlineS: 300 }
      : { sessions: 3, steps: 8, inFlight: 2, deadlineS: 90 };
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
    const traffic: TrafficOptions = {
      client: mesh.client,
      ledger,
      sessions: size.sessions,
      stepsPerSession: size.steps,
      inFlightPerSession: size.inFlight,
      roles,
      depositPad: 1_000n,
      maxPricePerFuel: MAX_PRICE,
      deadlineMs: performance.now() + size.deadlineS * 1000,
      signal: o.signal,
    };
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
    await driveSessions(sessions, traffic);
    // Give the verifier time to attest the last receipts before the sessions close: wait until no
    // new attestation arrived for 3 s (at most 20 s).
    const until = performance.now() + 20_000;
    let seen = -1;
    for (;;) {
      const n = sessions.reduce((k, s) => k + s.attestations.length, 0);
      if ((n === seen && n > 0) || performance.now() > until) break;
      seen = n;
      await sleep(3_000, o.signal);
    }

    const report = await auditDrill({
      drill: "byzantine",
      mesh,
      sessions,
      ledger,
      supplyBefore,
      startedAtMs: t0,
      reference: () => auditAgainstReference(module, sessions, ledger),
      claimWaitMs: o.claimWaitMs,
      keepMesh: o.keepMesh && turned.length === 0,
      extra: {
        sample_rate_bps: rateBps,
        dishonest_workers: dishonest.size,
        dishonest_rate: DISHONEST_RATE,
      },
      goals: (f, { settlement, reference }) => {
        const caughtOps = new Set(reference?.caught.map((r) => r.operator) ?? []);
        const unslashed = [...caughtOps].filter((op) => !settlement.slashedOperators.has(op));
        const honestAccused = reference?.falseAccusations ?? 0;
        const wrongByHonest = reference?.wrong.filter((r) => !dishonest.has(r.operator)).length ?? 0;
        return [
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
            name: "every dishonest operator caught is slashed on-chain",
            ok: unslashed.length === 0,
            detail: `${caughtOps.size} operators caught, ${settlement.slashes} challenges upheld, ${unslashed.length} caught but not slashed`,
          },
          {
            name: "no honest receipt accused",
            ok: honestAccused === 0,
            detail: `${honestAccused} mismatch attestations against right outputs, ${reference?.verifiedOk ?? 0} right outputs attested`,
          },
        ];
      },
    });
    if (o.keepMesh && turned.length > 0) {
      // Back to an all-honest mesh for the next drill (the audit left the workers stopped).
      await Promise.all(
        mesh.devnet.workers.map((w) =>
          mesh.restartWorker(
            w.spec.name,
            turned.includes(w.spec.name)
              ? (cfg) => {
                  cfg.faults = { dishonestRate: 0 };
                  cfg.prices = {
                    compute: w.spec.pricePerFuel.toString(),
                    execution: w.spec.pricePerFuel.toString(),
                  };
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
