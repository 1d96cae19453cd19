/**
 * A finished span as PadMesh keeps and ships it: plain data, times in epoch milliseconds, the
 * service that recorded it, and attributes as strings/numbers/booleans (OpenTelemetry's model,
 * flattened).
 */
export type SpanAttributeValue = string | number | boolean;

export type SpanStatus = "ok" | "error";

export interface SpanRecord {
  traceId: string;
  spanId: string;
  /** Absent for a trace's root span. */
  parentSpanId?: string;
  name: string;
  /** Which process recorded it: "sdk", "scheduler", "node". */
  service: string;
  startMs: number;
  endMs: number;
  status: SpanStatus;
  /** Why it failed, when status is "error". */
  message?: string;
  attributes: Record<string, SpanAttributeValue>;
}
