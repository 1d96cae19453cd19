/**
 * Scheduler metrics: OpenTelemetry instruments exported in Prometheus text format on
 * `http://127.0.0.1:<port>/metrics` (our own HTTP server, so port 0 works and the bound port is known).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Counter, Histogram, Meter, ObservableResult } from "@opentelemetry/api";
import { PrometheusExporter } from "@opentelemetry/exporter-prometheus";
import { MeterProvider } from "@opentelemetry/sdk-metrics";

export interface SchedulerMetrics {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The /metrics URL, once started. */
  readonly url: string;
  /** The meter behind /metrics, for parts that add their own instruments (observability). */
  readonly meter: Meter;
  placementLatency: Histogram;
  placements: Counter;
  rejections: Counter;
  replacements: Counter;
  stepLatency: Histogram;
  refused: Counter;
  adverts: Counter;
  /** Report gauges: called at each scrape. */
  observeSessions(fn: () => Record<string, number>): void;
  observeLeases(fn: () => Record<string, number>): void;
  observeNodes(fn: () => number): void;
}

export interface SchedulerMetricsInit {
  host: string;
  port: number;
}

export function createSchedulerMetrics(init: SchedulerMetricsInit): SchedulerMetrics {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [exporter] });
  const meter = provider.getMeter("padmesh-scheduler");
  let sessionsFn: () => Record<string, number> = () => ({});
  let leasesFn: () => Record<string, number> = () => ({});
  let nodesFn: () => number = () => 0;
  const observeByState = (fn: () => Record<string, number>) => (r: ObservableResult) => {
    for (const [state, n] of Object.entries(fn())) r.observe(n, { state });
  };
  meter
    .createObservableGauge("padmesh_scheduler_sessions", { description: "Sessions by state" })
    .addCallback((r) => observeByState(sessionsFn)(r));
  meter
    .createObservableGauge("padmesh_scheduler_leases", { description: "Leases by state" })
    .addCallback((r) => observeByState(leasesFn)(r));
  meter
    .createObservableGauge("padmesh_scheduler_nodes", { description: "Nodes in the advert index" })
    .addCallback((r) => r.observe(nodesFn()));
  let server: Server | undefined;
  let url = "";
  return {
    get url() {
      return url;
    },
    meter,
    placementLatency: meter.createHistogram("padmesh_scheduler_placement_latency_seconds", {
      description: "Time to place one role (filter, score, select)",
      unit: "s",
    }),
    placements: meter.createCounter("padmesh_scheduler_placements_total", {
      description: "Placement decisions by role and result (placed, unplaced)",
    }),
    rejections: meter.createCounter("padmesh_scheduler_lease_rejections_total", {
      description: "Lease offers rejected by nodes, by reason",
    }),
    replacements: meter.createCounter("padmesh_scheduler_replacements_total", {
      description: "Roles re-placed after a lease failed, by role",
    }),
    stepLatency: meter.createHistogram("padmesh_scheduler_step_latency_seconds", {
      description: "Step latency from dispatch to journalled result",
      unit: "s",
    }),
    adverts: meter.createCounter("padmesh_scheduler_adverts_total", {
      description: "Gossiped adverts by validation outcome (accept, ignore, reject) and reason code",
    }),
    refused: meter.createCounter("padmesh_scheduler_requests_refused_total", {
      description: "API requests refused, by reason (rate_limited, overloaded, unauthenticated, ...)",
    }),
    observeSessions(fn) {
      sessionsFn = fn;
    },
    observeLeases(fn) {
      leasesFn = fn;
    },
    observeNodes(fn) {
      nodesFn = fn;
    },
    async start() {
      server = createServer((req, res) => {
        if (req.url === "/metrics") exporter.getMetricsRequestHandler(req, res);
        else {
          res.statusCode = 404;
          res.end();
        }
      });
      await new Promise<void>((resolve, reject) => {
        server?.once("error", reject);
        server?.listen(init.port, init.host, () => resolve());
      });
      const addr = server.address() as AddressInfo;
      url = `http://${init.host}:${addr.port}/metrics`;
    },
    async stop() {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = undefined;
      await provider.shutdown();
    },
  };
}
