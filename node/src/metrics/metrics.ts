/**
 * Operational metrics (OpenTelemetry, exported for Prometheus on 127.0.0.1:<port>/metrics).
 * Names carry units. See docs/operators.md for what to watch.
 *
 *   padmesh_step_duration_seconds      histogram  step latency (execute + journal + sign), by role
 *   padmesh_steps_total                counter    steps, by role and status
 *   padmesh_step_errors_total          counter    failed steps and refused requests, by code
 *   padmesh_fuel_used_total            counter    fuel burned by agents
 *   padmesh_leases                     gauge      leases, by state (reserved, running)
 *   padmesh_peers                      gauge      connected libp2p peers
 *   padmesh_gossip_negative_score_peers gauge     peers gossipsub scores below zero (sent invalid adverts)
 *   padmesh_gossip_adverts_total       counter    adverts validated, by result (accept, ignore, reject)
 *   padmesh_adverts_published_total    counter    adverts this node published
 *   padmesh_protocol_violations_total  counter    garbage received on stream protocols, by protocol and code
 *   padmesh_journal_batches_total      gauge      group-commit batches written (and _ops_total: ops in them)
 *   padmesh_process_cpu_seconds_total  counter    process CPU time (user + system)
 *   padmesh_process_resident_memory_bytes gauge   RSS
 */
import { createServer, type Server } from "node:http";
import { type Attributes, type Counter, type Histogram, ValueType } from "@opentelemetry/api";
import { PrometheusExporter } from "@opentelemetry/exporter-prometheus";
import { MeterProvider, type MetricReader } from "@opentelemetry/sdk-metrics";

export interface NodeMetricsInit {
  host: string;
  port: number;
  /** Live readings for the observable gauges. */
  observe: {
    leases(): { reserved: number; running: number };
    peers(): number;
    /** Connected peers whose gossipsub score is below zero (punished for invalid messages). */
    negativeScorePeers(): number;
    journal(): { batches: number; ops: number };
  };
}

export interface NodeMetrics {
  stepDuration: Histogram;
  steps: Counter;
  stepErrors: Counter;
  fuel: Counter;
  gossipAdverts: Counter;
  advertsPublished: Counter;
  protocolViolations: Counter;
  /** The bound URL of /metrics (port resolved when 0 was asked). */
  readonly url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createNodeMetrics(init: NodeMetricsInit): NodeMetrics {
  const exporter = new PrometheusExporter({ host: init.host, port: init.port, preventServerStart: true });
  const provider = new MeterProvider({ readers: [exporter as unknown as MetricReader] });
  const meter = provider.getMeter("padmesh-node");
  const stepDuration = meter.createHistogram("padmesh_step_duration_seconds", {
    description: "Step latency: execute, journal and sign",
    advice: {
      explicitBucketBoundaries: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    },
  });
  const steps = meter.createCounter("padmesh_steps_total", {
    description: "Steps executed",
    valueType: ValueType.INT,
  });
  const stepErrors = meter.createCounter("padmesh_step_errors_total", {
    description: "Failed steps and refused step requests by code",
  });
  const fuel = meter.createCounter("padmesh_fuel_used_total", {
    description: "Fuel burned by agents",
    valueType: ValueType.INT,
  });
  const gossipAdverts = meter.createCounter("padmesh_gossip_adverts_total", {
    description: "Adverts validated by result",
  });
  const advertsPublished = meter.createCounter("padmesh_adverts_published_total", {
    description: "Adverts published",
  });
  const protocolViolations = meter.createCounter("padmesh_protocol_violations_total", {
    description: "Garbage received on stream protocols",
  });
  const leases = meter.createObservableGauge("padmesh_leases", { description: "Leases by state" });
  leases.addCallback((r) => {
    const l = init.observe.leases();
    r.observe(l.reserved, { state: "reserved" } satisfies Attributes);
    r.observe(l.running, { state: "running" });
  });
  meter
    .createObservableGauge("padmesh_peers", { description: "Connected peers" })
    .addCallback((r) => r.observe(init.observe.peers()));
  meter
    .createObservableGauge("padmesh_gossip_negative_score_peers", {
      description: "Peers with a negative gossipsub score",
    })
    .addCallback((r) => r.observe(init.observe.negativeScorePeers()));
  meter
    .createObservableCounter("padmesh_journal_batches_total", { description: "Group-commit batches written" })
    .addCallback((r) => r.observe(init.observe.journal().batches));
  meter
    .createObservableCounter("padmesh_journal_ops_total", {
      description: "Ops written in group-commit batches",
    })
    .addCallback((r) => r.observe(init.observe.journal().ops));
  meter
    .createObservableCounter("padmesh_process_cpu_seconds_total", { description: "Process CPU time" })
    .addCallback((r) => {
      const u = process.cpuUsage();
      r.observe((u.user + u.system) / 1e6);
    });
  meter
    .createObservableGauge("padmesh_process_resident_memory_bytes", { description: "Resident set size" })
    .addCallback((r) => r.observe(process.memoryUsage.rss()));

  let url = `http://${init.host}:${init.port}/metrics`;
  let server: Server | undefined;
  return {
    stepDuration,
    steps,
    stepErrors,
    fuel,
    gossipAdverts,
    advertsPublished,
    protocolViolations,
    get url() {
      return url;
    },
    async start() {
      // Our own server (not the exporter's) so port 0 works and we learn the bound port.
      server = createServer((req, res) => {
        if (req.method === "GET" && req.url?.split("?")[0] === "/metrics")
          exporter.getMetricsRequestHandler(req, res);
        else res.writeHead(404).end();
      });
      const s = server;
      await new Promise<void>((resolve, reject) => {
        s.once("error", reject);
        s.listen(init.port, init.host, () => resolve());
      });
      const addr = s.address();
      if (addr && typeof addr === "object") url = `http://${init.host}:${addr.port}/metrics`;
    },
    async stop() {
      const s = server;
      server = undefined;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
      await provider.shutdown().catch(() => undefined);
    },
  };
}
