/**
 * A small tracer: starts spans under a W3C parent context, and on `end()` hands the finished span to
 * its sinks (a local `SpanStore`, an OTLP exporter, or both). The clock and id source are injected
 * so tests are deterministic.
 */
import type { SpanAttributeValue, SpanRecord } from "./span.js";
import {
  childContext,
  formatTraceparent,
  newTraceContext,
  parseTraceparent,
  type RandomHex,
  type TraceContext,
} from "./traceparent.js";

export interface SpanSink {
  add(span: SpanRecord): void;
}

export interface ActiveSpan {
  readonly context: TraceContext;
  /** This span as a `traceparent` to pass to the next hop. */
  readonly traceparent: string;
  setAttribute(key: string, value: SpanAttributeValue): void;
  /** Finish the span (once; later calls are ignored). An error marks it failed. */
  end(opts?: { error?: unknown; attributes?: Record<string, SpanAttributeValue> }): SpanRecord | undefined;
}

export interface StartSpanOptions {
  /** Parent: a context, a `traceparent` string, or an active span. Absent or malformed: a new trace. */
  parent?: TraceContext | string | ActiveSpan | undefined;
  attributes?: Record<string, SpanAttributeValue>;
  /** Start time (epoch ms) when the work began before the span was created. */
  startMs?: number;
}

export interface Tracer {
  readonly service: string;
  startSpan(name: string, opts?: StartSpanOptions): ActiveSpan;
  /** Record an already finished span (e.g. one shipped back from another process). */
  record(span: SpanRecord): void;
}

export interface TracerComponents {
  sinks: SpanSink[];
  now?: () => number;
  random?: RandomHex;
}

export interface TracerInit {
  /** Service name written into every span ("sdk", "scheduler", "node"). */
  service: string;
}

function parentContext(parent: StartSpanOptions["parent"]): TraceContext | undefined {
  if (parent === undefined) return undefined;
  if (typeof parent === "string") return parseTraceparent(parent);
  if ("context" in parent) return parent.context;
  return parent;
}

/** @example const t = createTracer({ sinks: [store] }, { service: "scheduler" }); const s = t.startSpan("scheduler.step", { parent: req.traceparent }); s.end(); */
export function createTracer(components: TracerComponents, init: TracerInit): Tracer {
  const now = components.now ?? Date.now;
  const random = components.random;
  const emit = (span: SpanRecord) => {
    for (const sink of components.sinks) sink.add(span);
  };
  return {
    service: init.service,
    record: emit,
    startSpan(name, opts = {}) {
      const parent = parentContext(opts.parent);
      const context = parent ? childContext(parent, random) : newTraceContext(random);
      const startMs = opts.startMs ?? now();
      const attributes: Record<string, SpanAttributeValue> = { ...opts.attributes };
      let done = false;
      return {
        context,
        traceparent: formatTraceparent(context),
        setAttribute(key, value) {
          attributes[key] = value;
        },
        end(endOpts = {}) {
          if (done) return undefined;
          done = true;
          Object.assign(attributes, endOpts.attributes);
          const err = endOpts.error;
          const span: SpanRecord = {
            traceId: context.traceId,
            spanId: context.spanId,
            ...(parent ? { parentSpanId: parent.spanId } : {}),
            name,
            service: init.service,
            startMs,
            endMs: Math.max(startMs, now()),
            status: err === undefined ? "ok" : "error",
            ...(err === undefined ? {} : { message: err instanceof Error ? err.message : String(err) }),
            attributes,
          };
          emit(span);
          return span;
        },
      };
    },
  };
}
