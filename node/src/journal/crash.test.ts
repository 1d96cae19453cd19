/**
 * Crash safety of the journal + signing guard: no acknowledged receipt lost, no two different
 * receipts ever signed for one lease and sequence, the hash chain intact, and a restarted node
 * resumes each lease where its journal ends.
 * - 100 in-process restarts, stopped at random points (CI-affordable);
 * - real SIGKILLs of a child process at random points (PADMESH_KILL_LOOPS, default 8).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  bytesEqual,
  createKeySigner,
  fromHex,
  hashReceipt,
  recoverDigestSigner,
  toHex,
} from "@padmesh/proto";
import { afterAll, describe, expect, it } from "vitest";
import { bundleEntry } from "../testing/bundle.js";
import { type Ack, DRIVER_DOMAIN, DRIVER_KEY, driverLeaseId, runDriver } from "../testing/crash-driver.js";
import { createLevelJournal } from "./level-journal.js";
import { createSigningGuard } from "./signing-guard.js";

const LEASES = 4;
const signer = createKeySigner(DRIVER_KEY);
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** Every (lease, sequence) ever acknowledged maps to exactly one receipt hash. */
class AckBook {
  readonly byKey = new Map<string, string>();
  /** A sample of acknowledged (hash, signature) pairs, checked against the operator's address. */
  readonly sample: Array<[string, string]> = [];
  conflicts = 0;
  add(lease: number, sequence: bigint, hash: string, signature?: string): void {
    if (signature && this.sample.length < 100 && Math.random() < 0.2) this.sample.push([hash, signature]);
    const k = `${lease}/${sequence}`;
    const seen = this.byKey.get(k);
    if (seen !== undefined && seen !== hash) this.conflicts++;
    this.byKey.set(k, hash);
  }
}

async function verifyJournal(dir: string, book: AckBook): Promise<{ records: number }> {
  const journal = createLevelJournal({ path: dir });
  await journal.open();
  let records = 0;
  try {
    for (const [k, hash] of book.byKey) {
      const [lease, seq] = k.split("/");
      const rec = await journal.getStep(driverLeaseId(Number(lease)), BigInt(seq as string));
      expect(rec, `acknowledged receipt ${k} lost`).toBeDefined();
      expect(toHex(rec?.receiptHash as Uint8Array)).toBe(hash);
    }
    for (let lease = 0; lease < LEASES; lease++) {
      const last = await journal.latestStep(driverLeaseId(lease));
      if (!last) continue;
      let prev: Uint8Array | undefined;
      for (let s = 1n; s <= last.sequence; s++) {
        const rec = await journal.getStep(driverLeaseId(lease), s);
        expect(rec, `gap at lease ${lease} seq ${s}`).toBeDefined();
        const r = rec?.output.receipt;
        if (!r || !rec) throw new Error("unreachable");
        expect(bytesEqual(hashReceipt(DRIVER_DOMAIN, r), rec.receiptHash)).toBe(true);
        if (prev) expect(bytesEqual(r.prevReceiptHash, prev)).toBe(true);
        prev = rec.receiptHash;
        records++;
      }
    }
  } finally {
    await journal.close();
  }
  expect(book.sample.length).toBeGreaterThan(0);
  for (const [hash, sig] of book.sample) {
    expect(await recoverDigestSigner("Receipt", fromHex(hash), fromHex(sig))).toBe(signer.address);
  }
  return { records };
}

describe("journal + signing guard under crashes", () => {
  it("survives 100 restarts at random points", async () => {
    const dir = await mkdtemp(join(tmpdir(), "padmesh-crash-"));
    dirs.push(dir);
    const book = new AckBook();
    let refused = 0;
    let resent = 0;
    let rnd = 42;
    const random = () => {
      rnd = (rnd * 1103515245 + 12345) % 2 ** 31;
      return rnd / 2 ** 31;
    };
    for (let i = 0; i < 100; i++) {
      const journal = createLevelJournal({ path: dir, sync: false });
      await journal.open();
      const guard = createSigningGuard({ journal, signer, domain: DRIVER_DOMAIN });
      const stopAfter = 1 + Math.floor(random() * 30);
      const ac = new AbortController();
      let n = 0;
      const res = await runDriver(
        {
          journal,
          guard,
          onAck: (a: Ack) => {
            book.add(a.lease, a.sequence, toHex(a.hash), toHex(a.signature));
            if (a.resent) resent++;
            if (++n >= stopAfter) ac.abort();
          },
        },
        { leases: LEASES, salt: `run-${i}`, signal: ac.signal },
      );
      refused += res.conflictsRefused;
      await journal.close(); // the "crash": in-memory state (guard, cursors) is thrown away
    }
    expect(book.conflicts).toBe(0);
    expect(refused).toBeGreaterThan(300); // every restart tried to re-sign each lease's last step differently
    expect(resent).toBeGreaterThan(300);
    const { records } = await verifyJournal(dir, book);
    expect(records).toBe(book.byKey.size);
  });

  it("survives SIGKILL of a real process at random points", async () => {
    const loops = Number(process.env.PADMESH_KILL_LOOPS ?? 8);
    const here = fileURLToPath(new URL(".", import.meta.url));
    const dir = await mkdtemp(join(tmpdir(), "padmesh-kill-"));
    dirs.push(dir);
    const script = await bundleEntry(
      join(here, "../testing/crash-driver-main.ts"),
      join(here, "../../.test-build/crash-driver.mjs"),
    );
    const book = new AckBook();
    let acks = 0;
    for (let i = 0; i < loops; i++) {
      const child: ChildProcess = spawn(
        process.execPath,
        [script, join(dir, "journal"), String(LEASES), `kill-${i}`],
        {
          stdio: ["ignore", "pipe", "inherit"],
        },
      );
      const killAfter = 5 + Math.floor(Math.random() * 400); // acks before the kill, at a random point
      let buf = "";
      let seen = 0;
      await new Promise<void>((resolve) => {
        child.stdout?.on("data", (d: Buffer) => {
          buf += d.toString();
          const lines = buf.split("\n");
          buf = lines.pop() ?? "";
          for (const line of lines) {
            const [tag, lease, seq, hash, sig] = line.split(" ");
            if (tag !== "ack") continue;
            book.add(Number(lease), BigInt(seq as string), hash as string, sig);
            expect(fromHex(sig as string)).toHaveLength(65);
            seen++;
            acks++;
            if (seen === killAfter) child.kill("SIGKILL");
          }
        });
        child.on("exit", () => resolve());
      });
    }
    expect(acks).toBeGreaterThan(loops * 5);
    expect(book.conflicts).toBe(0);
    const { records } = await verifyJournal(join(dir, "journal"), book);
    expect(records).toBeGreaterThanOrEqual(book.byKey.size);
  });
});
