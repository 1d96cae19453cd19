/**
 * `createScheduler`: wires the scheduler's parts together and runs them as one Startable.
 * Chain readers, logger and clock may be injected (tests); otherwise they are built from the
 * config (viem over `chain.rpcUrl`, addresses from the deployments file).
 */
import { join } from "node:path";
import { meshDomain, PARAM_NAMES, readDeployment } from "@padmesh/contracts";
import {
  createMeshHost,
  createOtlpExporter,
  createSpanStore,
  createTracer,
  loadOrCreatePeerKey,
  type MeshDomain,
  type MeshHost,
  type SpanStore,
  type Tracer,
} from "@padmesh/proto";
import { type Logger, pino } from "pino";
import { createPublicClient, http } from "viem";
import { createJournalledBlobStore } from "./blob/journalled.js";
import { type BlobStore, createBlobStore } from "./blob/store.js";
import type { EscrowReader, ParamsSource, StakeChecker } from "./chain/interface.js";
import { createCachedStakeChecker } from "./chain/stake-cache.js";
import { createViemEscrowReader, createViemParamsSource, createViemStakeChecker } from "./chain/viem.js";
import type { SchedulerConfig } from "./config/schema.js";
import type { DashboardServer } from "./dashboard/interface.js";
import { createDashboard } from "./dashboard/server.js";
import {
  createParamsStore,
  type ParamsStore,
  type ServiceParams,
  serviceParamsFrom,
} from "./governance/params.js";
import { createGrpcApi, type GrpcApi } from "./grpc/server.js";
import type { Journal } from "./journal/interface.js";
import { createLevelJournal } from "./journal/level.js";
import { createAdvertFeed } from "./mesh/advert-feed.js";
import { createBlobServer } from "./mesh/blob-server.js";
import { createNodeClient } from "./mesh/node-client.js";
import { createPeerBook } from "./mesh/peer-book.js";
import { createSchedulerMetrics, type SchedulerMetrics } from "./metrics/metrics.js";
import type { Observer } from "./observability/interface.js";
import { createObserver } from "./observability/observer.js";
import { tapEventHub } from "./observability/tap.js";
import { createAdvertIndex, defaultPlacementParams, paramsFromChain } from "./placement/index.js";
import type { AdvertIndex, PlacementParams } from "./placement/interface.js";
import { createEventHub } from "./session/hub.js";
import { createSessionManager, type SessionManager } from "./session/manager.js";
import { createSessionStore } from "./session/store.js";

export interface SchedulerChain {
  params: ParamsSource;
  stake: StakeChecker;
  escrow: EscrowReader;
  domain: MeshDomain;
}

export interface SchedulerComponents {
  logger?: Logger;
  /** Chain readers; built from `config.chain` when absent. */
  chain?: SchedulerChain;
  now?: () => number;
}

export interface Scheduler {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Valid after start. */
  readonly info: { grpc: string; peerId: string; multiaddrs: string[]; metrics: string; dashboard: string };
  readonly manager: SessionManager;
  readonly index: AdvertIndex;
  readonly params: ParamsStore;
  readonly host: MeshHost;
  /** Aggregated indicators and alarms (what the dashboard shows). */
  readonly observer: Observer;
  /** Finished spans kept for the dashboard (bounded). */
  readonly spans: SpanStore;
  readonly tracer: Tracer;
}

export async function createScheduler(
  components: SchedulerComponents,
  config: SchedulerConfig,
): Promise<Scheduler> {
  const logger = components.logger ?? pino({ level: config.log.level }, pino.destination(2));
  const now = components.now ?? Date.now;
  let chain = components.chain;
  let pollingIntervalMs = config.chain.pollingIntervalMs;
  if (!chain) {
    const deployment = await readDeployment(config.chain.deployment);
    const client = createPublicClient({ transport: http(config.chain.rpcUrl) });
    const addrs = {
      client,
      meshParams: deployment.contracts.meshParams,
      operatorRegistry: deployment.contracts.operatorRegistry,
      sessionEscrow: deployment.contracts.sessionEscrow,
      pollingIntervalMs,
    };
    chain = {
      params: createViemParamsSource(addrs),
      stake: createViemStakeChecker(addrs),
      escrow: createViemEscrowReader(addrs),
      domain: meshDomain(deployment),
    };
    pollingIntervalMs = addrs.pollingIntervalMs;
  }
  const stake = createCachedStakeChecker(chain.stake, { ttlMs: config.chain.stakeCacheMs, now });
  const journal: Journal = createLevelJournal({ path: join(config.dataDir, "journal") });
  const blobFiles: BlobStore = createBlobStore({
    dir: join(config.dataDir, "blobs"),
    maxBytes: config.limits.maxBlobBytes,
  });
  // Modules in files, checkpoints in the journal: one content-addressed space for nodes and verifiers.
  const blobs: BlobStore = createJournalledBlobStore(journal, blobFiles);
  const metrics: SchedulerMetrics = createSchedulerMetrics({
    host: config.metrics.host,
    port: config.metrics.port,
  });
  const params = createParamsStore(
    { source: chain.params, logger: logger.child({ part: "governance" }) },
    { names: PARAM_NAMES },
  );
  const index = createAdvertIndex();
  let placementParams: PlacementParams = defaultPlacementParams();
  let serviceParams: ServiceParams = serviceParamsFrom(new Map());
  const refreshParams = () => {
    const values = params.values();
    try {
      placementParams = paramsFromChain(values);
    } catch (err) {
      logger.warn(
        { err: (err as Error).message },
        "placement parameters out of range; keeping the last good ones",
      );
    }
    serviceParams = serviceParamsFrom(values);
  };
  params.onChange(refreshParams);

  const privateKey = await loadOrCreatePeerKey(join(config.dataDir, "peer.key"));
  const host = await createMeshHost({
    privateKey,
    listen: config.p2p.listen,
    bootstrap: config.p2p.bootstrap,
    mdns: config.p2p.mdns,
    start: false,
  });
  const nodes = createNodeClient(
    { host },
    {
      leaseTimeoutMs: config.leases.requestTimeoutMs,
      stepTimeoutMs: config.leases.stepTimeoutMs,
      verifyTimeoutMs: config.leases.stepTimeoutMs,
    },
  );
  const peers = createPeerBook({ journal, host, nodes, logger });
  const feed = createAdvertFeed(
    {
      host,
      index,
      stake,
      nodes,
      peers,
      logger: logger.child({ part: "adverts" }),
      now,
      onAdvert: (outcome, code) => metrics.adverts.add(1, { outcome, code }),
    },
    { domain: chain.domain, expireIntervalMs: config.adverts.expireIntervalMs },
  );
  const blobServer = createBlobServer({ host, blobs, logger });
  const spans = createSpanStore({ maxTraces: config.observability.maxTraces });
  // Spans go to the local store (the dashboard) and, when configured, to an OTLP collector.
  const otlp = config.observability.otlpEndpoint
    ? createOtlpExporter(
        { logger: logger.child({ part: "otlp" }) },
        { endpoint: config.observability.otlpEndpoint },
      )
    : undefined;
  const tracer = createTracer({ sinks: otlp ? [spans, otlp] : [spans], now }, { service: "scheduler" });
  let grpcAddress = "";
  const observer = createObserver(
    {
      index,
      params,
      paramsHistory: { source: chain.params, names: PARAM_NAMES },
      escrow: chain.escrow,
      counts: () => manager.counts(),
      meter: metrics.meter,
      spans,
      logger: logger.child({ part: "observability" }),
      info: () => ({ peerId: host.peerId.toString(), grpc: grpcAddress, metrics: metrics.url }),
      now,
    },
    { domain: chain.domain, thresholds: config.observability.alarms },
  );
  const dashboard: DashboardServer | undefined = config.dashboard.enabled
    ? createDashboard(
        { observer, spans, logger: logger.child({ part: "dashboard" }) },
        {
          host: config.dashboard.host,
          port: config.dashboard.port,
          urlFile: join(config.dataDir, "dashboard.url"),
        },
      )
    : undefined;
  const manager = createSessionManager(
    {
      store: createSessionStore(journal),
      hub: tapEventHub(
        createEventHub(),
        (sid, event) => observer.onEvent(sid, event),
        (err) => logger.warn({ err: (err as Error).message }, "observer failed on a session event"),
      ),
      index,
      nodes,
      blobs,
      escrow: chain.escrow,
      metrics,
      logger: logger.child({ part: "sessions" }),
      params: () => ({ placement: placementParams, service: serviceParams }),
      now,
      tracer,
    },
    {
      domain: chain.domain,
      peerId: host.peerId.toString(),
      heartbeatIntervalMs: config.leases.heartbeatIntervalMs,
      maxMissedHeartbeats: config.leases.maxMissedHeartbeats,
      leaseTtlMs: config.leases.ttlMs,
      reservationMs: config.leases.reservationMs,
      offerAttempts: config.leases.offerAttempts,
      maxPendingSteps: config.limits.maxPendingSteps,
      maxPriority: config.limits.maxPriority,
      maxOpenSessionsPerProject: config.limits.maxOpenSessionsPerProject,
      unplacedGiveUpMs: config.leases.unplacedGiveUpMs,
      placementRetryMs: config.leases.placementRetryMs,
    },
  );
  const grpc: GrpcApi = createGrpcApi(
    { manager, blobs, params, index, metrics, logger: logger.child({ part: "grpc" }), now },
    { host: config.grpc.host, port: config.grpc.port },
  );
  metrics.observeSessions(() => manager.counts().sessions);
  metrics.observeLeases(() => manager.counts().leases);
  metrics.observeNodes(() => index.size);

  const started: { stop(): Promise<void> }[] = [];
  return {
    manager,
    index,
    params,
    host,
    observer,
    spans,
    tracer,
    get info() {
      return {
        grpc: grpc.address,
        peerId: host.peerId.toString(),
        multiaddrs: host.getMultiaddrs().map((m) => m.toString()),
        metrics: metrics.url,
        dashboard: dashboard?.url ?? "",
      };
    },
    async start() {
      await journal.start();
      started.push(journal);
      if (otlp) {
        await otlp.start();
        started.push(otlp);
      }
      await blobs.start();
      await params.start();
      started.push(params);
      refreshParams();
      await metrics.start();
      started.push(metrics);
      await host.start();
      started.push({ stop: async () => void (await host.stop()) });
      await blobServer.start();
      await feed.start();
      started.push(feed);
      const redialled = await peers.redial();
      if (redialled > 0) logger.info({ nodes: redialled }, "dialling the nodes known before the restart");
      await manager.start();
      started.push(manager);
      await grpc.start();
      started.push(grpc);
      grpcAddress = grpc.address;
      await observer.start();
      started.push(observer);
      if (dashboard) {
        await dashboard.start();
        started.push(dashboard);
      }
      logger.info({ peerId: host.peerId.toString(), grpc: grpc.address }, "scheduler started");
    },
    async stop() {
      // Reverse order: stop taking requests first, close the journal last.
      for (const part of started.reverse()) {
        await part.stop().catch((err) => logger.warn({ err: (err as Error).message }, "stop failed"));
      }
      started.length = 0;
      logger.info({}, "scheduler stopped");
    },
  };
}
