/**
 * The scheduler's journal: an ordered key-value log on disk. Every lease transition, session
 * event, step and receipt is written here (group-committed) before it takes effect, so a
 * restarted scheduler — even after kill -9 — rebuilds the same sessions.
 */
export type JournalOp = { type: "put"; key: string; value: Uint8Array } | { type: "del"; key: string };

export interface Journal {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Queue ops; resolves once the group commit holding them is on disk. Ops of one call are atomic. */
  write(ops: JournalOp[]): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
  /** Entries whose key starts with `prefix`, in key order. */
  entries(prefix: string, opts?: { after?: string; limit?: number }): AsyncIterable<[string, Uint8Array]>;
  /** Figures for metrics: commits made and ops written. */
  readonly stats: { commits: number; ops: number };
}
