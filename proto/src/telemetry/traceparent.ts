/**
 * W3C Trace Context `traceparent` (https://www.w3.org/TR/trace-context/): parse, format, and derive
 * child contexts. Pure except `newTraceContext`, which draws random ids (injectable for tests).
 *
 *   00-<32 hex trace-id>-<16 hex parent-id>-<2 hex flags>
 */
import { randomBytes } from "node:crypto";

export interface TraceContext {
  /** 32 lower-case hex characters, not all zero. */
  traceId: string;
  /** 16 lower-case hex characters, not all zero: the span this context points at. */
  spanId: string;
  /** Trace flags; bit 0 is "sampled". */
  flags: number;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE = "0".repeat(32);
const ZERO_SPAN = "0".repeat(16);

/**
 * Parse a `traceparent` header value; undefined when absent or malformed (a bad header starts a
 * new trace rather than failing the request, as the spec asks).
 *
 * @example
 * parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")?.traceId
 */
export function parseTraceparent(value: string | undefined): TraceContext | undefined {
  if (!value) return undefined;
  const m = TRACEPARENT.exec(value.trim().toLowerCase());
  if (!m) return undefined;
  const [, version, traceId, spanId, flags, rest] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string?,
  ];
  if (version === "ff") return undefined;
  // Version 00 has exactly four fields; later versions may append more.
  if (version === "00" && rest !== undefined) return undefined;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId, flags: Number.parseInt(flags, 16) };
}

/** @example formatTraceparent({ traceId, spanId, flags: 1 }) // "00-<traceId>-<spanId>-01" */
export function formatTraceparent(ctx: TraceContext): string {
  return `00-${ctx.traceId}-${ctx.spanId}-${(ctx.flags & 0xff).toString(16).padStart(2, "0")}`;
}

/** Random ids source; `randomBytes` unless injected. */
export type RandomHex = (bytes: number) => string;

const cryptoHex: RandomHex = (n) => randomBytes(n).toString("hex");

/** A new span id (16 hex), never all zeros. */
export function newSpanId(random: RandomHex = cryptoHex): string {
  for (;;) {
    const id = random(8);
    if (id !== ZERO_SPAN) return id;
  }
}

/** A fresh, sampled root context. */
export function newTraceContext(random: RandomHex = cryptoHex): TraceContext {
  let traceId = random(16);
  while (traceId === ZERO_TRACE) traceId = random(16);
  return { traceId, spanId: newSpanId(random), flags: 1 };
}

/** A context for a new span under `parent` (same trace and flags, new span id). */
export function childContext(parent: TraceContext, random: RandomHex = cryptoHex): TraceContext {
  return { traceId: parent.traceId, spanId: newSpanId(random), flags: parent.flags };
}
