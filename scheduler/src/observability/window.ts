/**
 * Bounded sample windows and percentiles: the arithmetic under every indicator. Pure.
 */

/** A ring of the last `capacity` values. */
export class Ring<T> {
  private readonly items: T[] = [];
  private next = 0;
  constructor(readonly capacity: number) {}
  push(v: T): void {
    if (this.items.length < this.capacity) this.items.push(v);
    else this.items[this.next] = v;
    this.next = (this.next + 1) % this.capacity;
  }
  /** Oldest first. */
  values(): T[] {
    return this.items.length < this.capacity
      ? [...this.items]
      : [...this.items.slice(this.next), ...this.items.slice(0, this.next)];
  }
  get length(): number {
    return this.items.length;
  }
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; undefined when empty. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((Math.min(Math.max(p, 0), 100) / 100) * sorted.length);
  return sorted[Math.max(rank - 1, 0)];
}

/** A timestamped sample. */
export interface Sample {
  atMs: number;
  value: number;
}

/** Sum of samples in (nowMs - windowMs, nowMs] divided by the window in seconds: a rate per second. */
export function ratePerSecond(samples: readonly Sample[], nowMs: number, windowMs: number): number {
  const from = nowMs - windowMs;
  let sum = 0;
  for (const s of samples) if (s.atMs > from && s.atMs <= nowMs) sum += s.value;
  return sum / (windowMs / 1000);
}
