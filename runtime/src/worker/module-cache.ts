/**
 * The compiled modules a step worker keeps, by content key, least recently used evicted first.
 * The executor keeps a twin of each worker's cache (keys only) and applies the same operations
 * in the same order as the worker runs its jobs, so it always knows whether a worker still holds
 * a module and can leave the bytes (and the compile) out of the job.
 */
import { createHash } from "node:crypto";

/** Modules a worker keeps compiled: enough for every role a node runs for a few sessions. */
export const WORKER_MODULE_CACHE = 8;

export class ModuleCache<V> {
  readonly #entries = new Map<string, V>();
  constructor(readonly capacity: number = WORKER_MODULE_CACHE) {}

  /** The entry for `key`, now the most recently used; undefined when absent. */
  use(key: string): V | undefined {
    const v = this.#entries.get(key);
    if (v === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, v);
    return v;
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Insert as the most recently used, evicting the least recently used beyond capacity. */
  put(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }
}

const keys = new WeakMap<Uint8Array, string>();

/**
 * A module's content key (sha256 hex of its bytes), remembered per byte array: callers pass the
 * same array step after step and must not change it afterwards.
 */
export function moduleKey(bytes: Uint8Array): string {
  let key = keys.get(bytes);
  if (key === undefined) {
    key = createHash("sha256").update(bytes).digest("hex");
    keys.set(bytes, key);
  }
  return key;
}
