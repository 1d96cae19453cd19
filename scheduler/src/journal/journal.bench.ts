/**
 * Journal benchmark: lease transitions written the way the scheduler writes them (one record
 * per transition, each awaited by its caller) — one at a time versus many callers at once,
 * where the group commit turns concurrent writes into few fsynced batches. Prints one JSON
 * object on its last line. Run: `tsx scheduler/src/journal/journal.bench.ts`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Role } from "@padmesh/proto";
import { newLease, transition } from "../lease/machine.js";
import { encodeRecord } from "./codec.js";
import { createLevelJournal } from "./level.js";

const N = Number(process.env.BENCH_TRANSITIONS ?? 4_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 200);

function leaseOps(i: number) {
  const l = transition(
    newLease({
      leaseId: `0x${i.toString(16).padStart(64, "0")}`,
      sessionId: "0x01",
      role: Role.ROLE_COMPUTE,
      peerId: "peer",
      operator: "0x0000000000000000000000000000000000000001",
      moduleHash: "0x02",
      pricePerFuel: 1n,
      atMs: i,
    }),
    { type: "offer", atMs: i + 1 },
  );
  return [{ type: "put" as const, key: `l/bench/${l.leaseId}`, value: encodeRecord(l) }];
}

async function run(concurrency: number): Promise<{ perSecond: number; commits: number }> {
  const dir = await mkdtemp(join(tmpdir(), "padmesh-journal-bench-"));
  const journal = createLevelJournal({ path: dir });
  await journal.start();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < N) await journal.write(leaseOps(next++));
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const commits = journal.stats.commits;
  await journal.stop();
  await rm(dir, { recursive: true, force: true });
  return { perSecond: Math.round(N / seconds), commits };
}

// Pure transition throughput, for scale.
const t0 = performance.now();
let lease = newLease({
  leaseId: "0x01",
  sessionId: "0x01",
  role: Role.ROLE_COMPUTE,
  peerId: "p",
  operator: "0x0000000000000000000000000000000000000001",
  moduleHash: "0x02",
  pricePerFuel: 1n,
  atMs: 0,
});
lease = transition(
  transition(transition(lease, { type: "offer", atMs: 1 }), {
    type: "accept",
    atMs: 2,
    expiresAtMs: 9,
    operator: "",
  }),
  {
    type: "confirm",
    atMs: 3,
  },
);
for (let i = 0; i < 200_000; i++)
  lease = transition(lease, { type: "heartbeat", atMs: 4 + i, lastSequence: BigInt(i) });
const transitionsPerSecond = Math.round(200_000 / ((performance.now() - t0) / 1000));

const serial = await run(1);
const grouped = await run(CONCURRENCY);
const result = {
  bench: "scheduler.journal",
  transitions: N,
  serialPerSecond: serial.perSecond,
  serialCommits: serial.commits,
  groupedPerSecond: grouped.perSecond,
  groupedCommits: grouped.commits,
  concurrency: CONCURRENCY,
  speedup: Number((grouped.perSecond / serial.perSecond).toFixed(2)),
  pureTransitionsPerSecond: transitionsPerSecond,
};
console.log(
  `serial (1 writer, fsync each): ${serial.perSecond}/s; grouped (${CONCURRENCY} writers): ${grouped.perSecond}/s in ${grouped.commits} commits`,
);
console.log(JSON.stringify(result));
