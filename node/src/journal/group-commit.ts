/**
 * Group commit: writers submit ops; everything submitted while one batch is on its way to disk
 * goes out together in the next one, and each writer's promise resolves only once the batch
 * holding its ops is durable. Pure scheduling: the write itself is injected.
 */
export interface GroupCommitInit<Op> {
  /** Write one batch durably; resolve when it is on disk. */
  write(ops: Op[]): Promise<void>;
  /** Most ops per batch (a batch never splits one writer's ops). Default 1000. */
  maxBatch?: number;
}

interface Waiter<Op> {
  ops: Op[];
  resolve(): void;
  reject(err: unknown): void;
}

export interface GroupCommitStats {
  batches: number;
  ops: number;
}

export class GroupCommitter<Op> {
  private queue: Waiter<Op>[] = [];
  private running: Promise<void> | undefined;
  private closed = false;
  readonly stats: GroupCommitStats = { batches: 0, ops: 0 };
  private readonly init: GroupCommitInit<Op>;

  constructor(init: GroupCommitInit<Op>) {
    this.init = init;
  }

  /** Resolves when `ops` are durable; rejects if their batch failed or the committer is closed. */
  submit(ops: Op[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error("group committer closed"));
    if (ops.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ ops, resolve, reject });
      if (!this.running) {
        // Let writers of the current tick join the first batch.
        this.running = new Promise<void>((r) => setImmediate(r)).then(() => this.drain());
      }
    });
  }

  /** Wait for every submitted op to be written (or fail). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Flush, then refuse further submissions. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private async drain(): Promise<void> {
    const max = this.init.maxBatch ?? 1000;
    try {
      while (this.queue.length > 0) {
        const batch: Waiter<Op>[] = [];
        let n = 0;
        while (
          this.queue.length > 0 &&
          (batch.length === 0 || n + (this.queue[0] as Waiter<Op>).ops.length <= max)
        ) {
          const w = this.queue.shift() as Waiter<Op>;
          batch.push(w);
          n += w.ops.length;
        }
        const ops = batch.flatMap((w) => w.ops);
        try {
          await this.init.write(ops);
          this.stats.batches++;
          this.stats.ops += ops.length;
          for (const w of batch) w.resolve();
        } catch (err) {
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      this.running = undefined;
    }
  }
}
