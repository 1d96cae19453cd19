import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createOtlpExporter } from "./otlp.js";
import type { SpanRecord } from "./span.js";
import { createTracer } from "./tracer.js";

async function collector(status = 200) {
  const bodies: { path: string; type: string; body: unknown }[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let text = "";
    for await (const chunk of req) text += chunk;
    bodies.push({ path: req.url ?? "", type: String(req.headers["content-type"]), body: JSON.parse(text) });
    res.writeHead(status).end("{}");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
  return { url, bodies, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe("OTLP/HTTP JSON exporter", () => {
  it("posts spans grouped by service, with hex ids, nanosecond times and typed attributes", async () => {
    const c = await collector();
    const otlp = createOtlpExporter({}, { endpoint: c.url });
    await otlp.start();
    try {
      let t = 1_700_000_000_000;
      const sched = createTracer({ sinks: [otlp], now: () => t }, { service: "scheduler" });
      const parent = sched.startSpan("scheduler.step", { attributes: { sequence: "7" } });
      const node: SpanRecord = {
        traceId: parent.context.traceId,
        spanId: "00000000000000ab",
        parentSpanId: parent.context.spanId,
        name: "node.execute",
        service: "node",
        startMs: t,
        endMs: t + 1.5,
        status: "error",
        message: "trap",
        attributes: { "fuel.used": 42, ratio: 0.5, ok: false },
      };
      sched.record(node);
      t += 3;
      parent.end();
      await otlp.stop();
      expect(otlp.stats).toEqual({ exported: 2, dropped: 0, failedRequests: 0 });
      expect(c.bodies).toHaveLength(1);
      expect(c.bodies[0]?.path).toBe("/v1/traces");
      expect(c.bodies[0]?.type).toBe("application/json");
      const body = c.bodies[0]?.body as {
        resourceSpans: {
          resource: { attributes: unknown[] };
          scopeSpans: { spans: Record<string, unknown>[] }[];
        }[];
      };
      const services = body.resourceSpans.map((r) => r.resource.attributes[0]);
      expect(services).toEqual([
        { key: "service.name", value: { stringValue: "padmesh-node" } },
        { key: "service.name", value: { stringValue: "padmesh-scheduler" } },
      ]);
      const [n] = body.resourceSpans[0]?.scopeSpans[0]?.spans ?? [];
      expect(n).toEqual({
        traceId: parent.context.traceId,
        spanId: "00000000000000ab",
        parentSpanId: parent.context.spanId,
        name: "node.execute",
        kind: 1,
        startTimeUnixNano: "1700000000000000000",
        endTimeUnixNano: "1700000000001500000",
        attributes: [
          { key: "fuel.used", value: { intValue: "42" } },
          { key: "ratio", value: { doubleValue: 0.5 } },
          { key: "ok", value: { boolValue: false } },
        ],
        status: { code: 2, message: "trap" },
      });
      const s = body.resourceSpans[1]?.scopeSpans[0]?.spans[0];
      expect(s).toMatchObject({ name: "scheduler.step", status: { code: 1 } });
      expect(s).not.toHaveProperty("parentSpanId");
    } finally {
      await c.close();
    }
  });

  it("counts a refused request as dropped spans and bounds its queue", async () => {
    const c = await collector(503);
    const otlp = createOtlpExporter(
      { logger: { warn() {} } },
      { endpoint: c.url, maxQueue: 3, maxBatch: 100 },
    );
    const tracer = createTracer({ sinks: [otlp] }, { service: "node" });
    for (let i = 0; i < 5; i++) tracer.startSpan(`s${i}`).end();
    await otlp.flush();
    expect(otlp.stats).toEqual({ exported: 0, dropped: 5, failedRequests: 1 });
    type Body = { resourceSpans: { scopeSpans: { spans: { name: string }[] }[] }[] };
    const body = c.bodies[0]?.body as Body;
    expect(body.resourceSpans[0]?.scopeSpans[0]?.spans.map((s) => s.name)).toEqual(["s2", "s3", "s4"]);
    await c.close();
  });
});
