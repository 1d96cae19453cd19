/**
 * Spans on the wire: `TraceSpan` (step.proto) ⇄ `SpanRecord`. Attribute types are kept by a
 * prefix-free rule: numbers and booleans travel as their decimal/`true`/`false` text and come back
 * as strings, which is what a trace viewer shows anyway.
 */
import type { TraceSpan } from "../gen/padmesh/v1/step.js";
import type { SpanRecord } from "./span.js";

export function toTraceSpan(s: SpanRecord): TraceSpan {
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId ?? "",
    name: s.name,
    service: s.service,
    startMs: BigInt(Math.round(s.startMs)),
    endMs: BigInt(Math.round(s.endMs)),
    error: s.status === "error",
    message: s.message ?? "",
    attributes: Object.fromEntries(Object.entries(s.attributes).map(([k, v]) => [k, String(v)])),
  };
}

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;

/** A span received from another process; undefined when its ids are malformed (never trusted blindly). */
export function fromTraceSpan(t: TraceSpan): SpanRecord | undefined {
  if (!HEX32.test(t.traceId) || !HEX16.test(t.spanId)) return undefined;
  if (t.parentSpanId !== "" && !HEX16.test(t.parentSpanId)) return undefined;
  const startMs = Number(t.startMs);
  return {
    traceId: t.traceId,
    spanId: t.spanId,
    ...(t.parentSpanId ? { parentSpanId: t.parentSpanId } : {}),
    name: t.name.slice(0, 200),
    service: t.service.slice(0, 100),
    startMs,
    endMs: Math.max(startMs, Number(t.endMs)),
    status: t.error ? "error" : "ok",
    ...(t.message ? { message: t.message.slice(0, 1_000) } : {}),
    attributes: Object.fromEntries(Object.entries(t.attributes).slice(0, 64)),
  };
}

/** A sink that only collects: a node gathers a step's spans to ship them back with its result. */
export function createSpanCollector(): { add(span: SpanRecord): void; spans: SpanRecord[] } {
  const spans: SpanRecord[] = [];
  return { add: (s) => void spans.push(s), spans };
}
