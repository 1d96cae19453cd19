/** Tracing shared by the SDK, scheduler and node: W3C traceparent, spans, a tracer, a bounded store. */

export * from "./otlp.js";
export * from "./span.js";
export * from "./span-store.js";
export * from "./traceparent.js";
export * from "./tracer.js";
export * from "./wire.js";
