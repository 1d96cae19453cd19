import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SpanRecord } from "./span.js";
import { createSpanStore } from "./span-store.js";
import { childContext, formatTraceparent, newTraceContext, parseTraceparent } from "./traceparent.js";
import { createTracer } from "./tracer.js";
import { createSpanCollector, fromTraceSpan, toTraceSpan } from "./wire.js";

const EXAMPLE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

describe("traceparent", () => {
  it("parses the W3C example and formats it back", () => {
    const ctx = parseTraceparent(EXAMPLE);
    expect(ctx).toEqual({
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      spanId: "00f067aa0ba902b7",
      flags: 1,
    });
    expect(formatTraceparent(ctx!)).toBe(EXAMPLE);
  });

  it("rejects malformed, all-zero and version ff values", () => {
    for (const bad of [
      "",
      "garbage",
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
      "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
    ]) {
      expect(parseTraceparent(bad), bad).toBeUndefined();
    }
    // A later version may append fields.
    expect(parseTraceparent(`01-${EXAMPLE.slice(3)}-what-ever`)?.traceId).toBe(
      "4bf92f3577b34da6a3ce929d0e0e4736",
    );
  });

  it("round-trips any valid context; a child keeps the trace and gets a new span id", () => {
    const hex = (n: number) =>
      fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`)).filter((s) => /[1-9a-f]/.test(s));
    fc.assert(
      fc.property(hex(32), hex(16), fc.integer({ min: 0, max: 255 }), (traceId, spanId, flags) => {
        const ctx = { traceId, spanId, flags };
        expect(parseTraceparent(formatTraceparent(ctx))).toEqual(ctx);
        const child = childContext(ctx);
        expect(child.traceId).toBe(traceId);
        expect(child.flags).toBe(flags);
        expect(child.spanId).not.toBe(spanId);
      }),
    );
    const a = newTraceContext();
    expect(parseTraceparent(formatTraceparent(a))).toEqual(a);
  });
});

describe("tracer", () => {
  it("nests spans under a traceparent and records them once, with errors", () => {
    const store = createSpanStore();
    let t = 1_000;
    const tracer = createTracer({ sinks: [store], now: () => t }, { service: "scheduler" });
    const parent = tracer.startSpan("scheduler.step", { parent: EXAMPLE, attributes: { sequence: "1" } });
    t = 1_002;
    const child = tracer.startSpan("scheduler.lease.step", { parent });
    t = 1_005;
    child.end({ error: new Error("node gone"), attributes: { peer: "p" } });
    expect(child.end()).toBeUndefined();
    t = 1_010;
    parent.end();
    const spans = store.trace("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(spans.map((s) => s.name)).toEqual(["scheduler.step", "scheduler.lease.step"]);
    expect(spans[0]).toMatchObject({
      parentSpanId: "00f067aa0ba902b7",
      startMs: 1_000,
      endMs: 1_010,
      status: "ok",
    });
    expect(spans[1]).toMatchObject({
      parentSpanId: parent.context.spanId,
      status: "error",
      message: "node gone",
      attributes: { peer: "p" },
    });
  });

  it("starts a new trace when the parent is absent or malformed", () => {
    const c = createSpanCollector();
    const tracer = createTracer({ sinks: [c] }, { service: "sdk" });
    tracer.startSpan("a", { parent: "nonsense" }).end();
    tracer.startSpan("b").end();
    expect(c.spans.every((s) => s.parentSpanId === undefined)).toBe(true);
    expect(c.spans[0]?.traceId).not.toBe(c.spans[1]?.traceId);
  });
});

describe("span store", () => {
  const span = (traceId: string, i: number): SpanRecord => ({
    traceId,
    spanId: i.toString(16).padStart(16, "0"),
    name: `s${i}`,
    service: "node",
    startMs: i,
    endMs: i + 1,
    status: "ok",
    attributes: {},
  });
  const tid = (n: number) => n.toString(16).padStart(32, "0");

  it("keeps at most maxTraces traces (oldest evicted) and maxSpansPerTrace spans each", () => {
    const store = createSpanStore({ maxTraces: 3, maxSpansPerTrace: 2 });
    for (let t = 1; t <= 5; t++) for (let i = 1; i <= 4; i++) store.add(span(tid(t), i));
    expect(store.size).toBe(3);
    expect(store.trace(tid(1))).toEqual([]);
    expect(store.trace(tid(5))).toHaveLength(2);
    expect(store.recent(10).map((s) => s.traceId)).toEqual([tid(5), tid(4), tid(3)]);
  });

  it("summarises a trace whose root was recorded in another process", () => {
    const store = createSpanStore();
    const s = { ...span(tid(9), 2), parentSpanId: "00000000000000aa" };
    store.add(s);
    expect(store.recent(1)[0]).toMatchObject({ name: "s2", spans: 1, services: ["node"], errors: 0 });
  });
});

describe("TraceSpan wire form", () => {
  it("round-trips a span (attributes become strings) and drops malformed ids", () => {
    const s: SpanRecord = {
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      spanId: "00f067aa0ba902b7",
      parentSpanId: "00f067aa0ba902b8",
      name: "node.execute",
      service: "node",
      startMs: 10,
      endMs: 12,
      status: "error",
      message: "trap",
      attributes: { "fuel.used": 42, ok: false },
    };
    expect(fromTraceSpan(toTraceSpan(s))).toEqual({ ...s, attributes: { "fuel.used": "42", ok: "false" } });
    expect(fromTraceSpan({ ...toTraceSpan(s), traceId: "zz" })).toBeUndefined();
    expect(fromTraceSpan({ ...toTraceSpan(s), parentSpanId: "123" })).toBeUndefined();
  });
});
