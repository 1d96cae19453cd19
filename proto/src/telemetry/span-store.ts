/**
 * A bounded in-memory store of finished spans, grouped by trace, so a dashboard can show a step's
 * trace with no external collector. Oldest traces are evicted first (insertion order of their first
 * span); a trace keeps at most `maxSpansPerTrace` spans. Nothing here grows without bound.
 */
import type { SpanRecord } from "./span.js";

export interface TraceSummary {
  traceId: string;
  /** Name of the root span, or of the earliest span when the root was recorded elsewhere. */
  name: string;
  startMs: number;
  endMs: number;
  spans: number;
  services: string[];
  errors: number;
}

export interface SpanStore {
  add(span: SpanRecord): void;
  /** The spans of one trace, ordered by start time; empty when unknown or evicted. */
  trace(traceId: string): SpanRecord[];
  /** The most recent traces first. */
  recent(limit: number): TraceSummary[];
  /** Traces held. */
  readonly size: number;
  /** Called after each add (the dashboard pushes new traces live); returns an unsubscribe. */
  onSpan(listener: (span: SpanRecord) => void): () => void;
}

export interface SpanStoreInit {
  /** Traces kept (default 1,000). */
  maxTraces?: number;
  /** Spans kept per trace (default 256). */
  maxSpansPerTrace?: number;
}

/** @example const store = createSpanStore({ maxTraces: 500 }); store.add(span); store.trace(span.traceId) */
export function createSpanStore(init: SpanStoreInit = {}): SpanStore {
  const maxTraces = init.maxTraces ?? 1_000;
  const maxSpans = init.maxSpansPerTrace ?? 256;
  // Map iteration order is insertion order: the first key is the oldest trace.
  const traces = new Map<string, SpanRecord[]>();
  const listeners = new Set<(span: SpanRecord) => void>();
  return {
    add(span) {
      let spans = traces.get(span.traceId);
      if (!spans) {
        spans = [];
        traces.set(span.traceId, spans);
        while (traces.size > maxTraces) {
          const oldest = traces.keys().next().value as string;
          traces.delete(oldest);
        }
      }
      if (spans.length < maxSpans) spans.push(span);
      for (const l of listeners) l(span);
    },
    trace(traceId) {
      return [...(traces.get(traceId) ?? [])].sort((a, b) => a.startMs - b.startMs);
    },
    recent(limit) {
      const out: TraceSummary[] = [];
      const ids = [...traces.keys()];
      for (let i = ids.length - 1; i >= 0 && out.length < limit; i--) {
        const spans = traces.get(ids[i] as string) as SpanRecord[];
        out.push(summarize(ids[i] as string, spans));
      }
      return out;
    },
    get size() {
      return traces.size;
    },
    onSpan(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function summarize(traceId: string, spans: SpanRecord[]): TraceSummary {
  const ids = new Set(spans.map((s) => s.spanId));
  const root =
    spans.find((s) => s.parentSpanId === undefined) ??
    spans.find((s) => s.parentSpanId !== undefined && !ids.has(s.parentSpanId)) ??
    spans[0];
  return {
    traceId,
    name: root?.name ?? "",
    startMs: Math.min(...spans.map((s) => s.startMs)),
    endMs: Math.max(...spans.map((s) => s.endMs)),
    spans: spans.length,
    services: [...new Set(spans.map((s) => s.service))].sort(),
    errors: spans.filter((s) => s.status === "error").length,
  };
}
