/**
 * Export finished spans to an OpenTelemetry collector over OTLP/HTTP with the JSON encoding
 * (POST <endpoint>, e.g. http://127.0.0.1:4318/v1/traces). Spans are batched and sent on a timer
 * or when a batch fills; a failed send is logged and dropped (tracing never blocks the mesh), and
 * the queue is bounded. One resource per service name, so a scheduler that also forwards its nodes'
 * spans reports them under "node".
 *
 * Encoding per https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding: trace and span
 * ids are hex strings, times are nanoseconds as decimal strings, enums are integers.
 */
import type { SpanRecord } from "./span.js";

export interface OtlpExporterInit {
  /** Full URL of the collector's traces endpoint. */
  endpoint: string;
  /** Extra HTTP headers (e.g. an API key). */
  headers?: Record<string, string>;
  /** Flush period (default 2 s). */
  intervalMs?: number;
  /** Spans per request (default 512). */
  maxBatch?: number;
  /** Spans held while the collector is slow; the oldest are dropped past this (default 8,192). */
  maxQueue?: number;
}

export interface OtlpExporterComponents {
  logger?: { warn(obj: object, msg: string): void };
  fetch?: typeof fetch;
}

export interface OtlpExporter {
  add(span: SpanRecord): void;
  /** Send what is queued now. */
  flush(opts?: { signal?: AbortSignal }): Promise<void>;
  start(): Promise<void>;
  /** Flush, then stop the timer. */
  stop(): Promise<void>;
  readonly stats: { exported: number; dropped: number; failedRequests: number };
}

type AnyValue =
  | { stringValue: string }
  | { intValue: string }
  | { doubleValue: number }
  | { boolValue: boolean };

function anyValue(v: string | number | boolean): AnyValue {
  if (typeof v === "boolean") return { boolValue: v };
  if (typeof v === "number") return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  return { stringValue: v };
}

const nanos = (ms: number) => (BigInt(Math.round(ms * 1000)) * 1000n).toString();

/** The OTLP/JSON body for `spans` (pure). */
export function otlpTraceRequest(spans: readonly SpanRecord[]): unknown {
  const byService = new Map<string, SpanRecord[]>();
  for (const s of spans) {
    const list = byService.get(s.service) ?? [];
    list.push(s);
    byService.set(s.service, list);
  }
  return {
    resourceSpans: [...byService].map(([service, list]) => ({
      resource: { attributes: [{ key: "service.name", value: { stringValue: `padmesh-${service}` } }] },
      scopeSpans: [
        {
          scope: { name: "padmesh" },
          spans: list.map((s) => ({
            traceId: s.traceId,
            spanId: s.spanId,
            ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
            name: s.name,
            // SPAN_KIND_INTERNAL
            kind: 1,
            startTimeUnixNano: nanos(s.startMs),
            endTimeUnixNano: nanos(s.endMs),
            attributes: Object.entries(s.attributes).map(([key, v]) => ({ key, value: anyValue(v) })),
            // STATUS_CODE_OK = 1, STATUS_CODE_ERROR = 2
            status: s.status === "error" ? { code: 2, message: s.message ?? "" } : { code: 1 },
          })),
        },
      ],
    })),
  };
}

/** @example const otlp = createOtlpExporter({ logger }, { endpoint: "http://127.0.0.1:4318/v1/traces" }); createTracer({ sinks: [store, otlp] }, { service: "scheduler" }) */
export function createOtlpExporter(components: OtlpExporterComponents, init: OtlpExporterInit): OtlpExporter {
  const send = components.fetch ?? fetch;
  const maxBatch = init.maxBatch ?? 512;
  const maxQueue = init.maxQueue ?? 8_192;
  const queue: SpanRecord[] = [];
  const stats = { exported: 0, dropped: 0, failedRequests: 0 };
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  async function post(batch: SpanRecord[], signal?: AbortSignal): Promise<void> {
    try {
      const res = await send(init.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", ...init.headers },
        body: JSON.stringify(otlpTraceRequest(batch)),
        signal: signal ?? AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      await res.arrayBuffer();
      stats.exported += batch.length;
    } catch (err) {
      stats.failedRequests += 1;
      stats.dropped += batch.length;
      components.logger?.warn(
        { endpoint: init.endpoint, spans: batch.length, err: (err as Error).message },
        "OTLP export failed; spans dropped",
      );
    }
  }

  function flush(opts: { signal?: AbortSignal } = {}): Promise<void> {
    // Requests go one at a time, in order.
    inFlight = inFlight.then(async () => {
      while (queue.length > 0) await post(queue.splice(0, maxBatch), opts.signal);
    });
    return inFlight;
  }

  return {
    stats,
    add(span) {
      queue.push(span);
      if (queue.length > maxQueue) {
        stats.dropped += queue.length - maxQueue;
        queue.splice(0, queue.length - maxQueue);
      }
      if (queue.length >= maxBatch) void flush();
    },
    flush,
    async start() {
      timer = setInterval(() => void flush(), init.intervalMs ?? 2_000);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await flush();
    },
  };
}
