/**
 * Journal on level (LevelDB). Writes are group-committed: every op queued while a batch is on
 * its way to disk goes into the next batch, written with `sync: true`, and each caller's
 * promise resolves only when its batch is durable.
 */
import { Level } from "level";
import type { Journal, JournalOp } from "./interface.js";

export interface LevelJournalInit {
  /** Directory of the database (`<dataDir>/journal`). */
  path: string;
  /** fsync each group commit (default true). */
  sync?: boolean;
}

interface Pending {
  ops: JournalOp[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

export function createLevelJournal(init: LevelJournalInit): Journal {
  const db = new Level<string, Uint8Array>(init.path, { keyEncoding: "utf8", valueEncoding: "view" });
  const sync = init.sync ?? true;
  let queue: Pending[] = [];
  let flushing: Promise<void> | undefined;
  const stats = { commits: 0, ops: 0 };

  async function flushLoop(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      const ops = batch.flatMap((p) => p.ops);
      try {
        await db.batch(
          ops.map((op) =>
            op.type === "put" ? { type: "put", key: op.key, value: op.value } : { type: "del", key: op.key },
          ),
          { sync },
        );
        stats.commits++;
        stats.ops += ops.length;
        for (const p of batch) p.resolve();
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
  }

  function kick(): void {
    if (flushing) return;
    // Let the current tick's writers join the batch before it goes out.
    flushing = new Promise<void>((r) => setImmediate(r)).then(flushLoop).finally(() => {
      flushing = undefined;
      // Writes queued after the loop's last check but before this point start the next round.
      if (queue.length > 0) kick();
    });
  }

  return {
    stats,
    async start() {
      await db.open();
    },
    async stop() {
      while (flushing) await flushing;
      await db.close();
    },
    write(ops) {
      if (ops.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        queue.push({ ops, resolve, reject });
        kick();
      });
    },
    async get(key) {
      const v = await db.get(key);
      return v === undefined ? undefined : v;
    },
    async *entries(prefix, opts = {}) {
      const gt = opts.after !== undefined ? opts.after : undefined;
      const range = gt !== undefined ? { gt, lt: `${prefix}\uffff` } : { gte: prefix, lt: `${prefix}\uffff` };
      const it = db.iterator({ ...range, ...(opts.limit !== undefined ? { limit: opts.limit } : {}) });
      try {
        for await (const [k, v] of it) yield [k, v];
      } finally {
        await it.close();
      }
    },
  };
}
