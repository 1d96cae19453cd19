/**
 * The PadMesh worker node: probes its hardware, joins the mesh, advertises signed capacity,
 * takes leases, runs steps through the runtime with journalled, guarded receipts, verifies
 * others' receipts when it holds the verification role, claims its pay, and exposes metrics.
 * `createWorkerNode(components, config)` assembles the parts; `start()` / `stop()` run them.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { PeerId } from "@libp2p/interface";
import {
  ADVERT_TOPIC,
  createMeshHost,
  createOtlpExporter,
  createTracer,
  loadOrCreatePeerKey,
  type MeshDomain,
  type MeshHost,
  type ResourceAdvert,
  type ResourceDescriptor,
  type RoleOffer,
  type Signer,
  toHex,
} from "@padmesh/proto";
import type { Logger } from "pino";
import { offeredCapacity } from "./adverts/advert-builder.js";
import { type AdvertPublisher, createAdvertPublisher } from "./adverts/advert-publisher.js";
import { type AdvertValidator, createAdvertValidator } from "./adverts/advert-validator.js";
import { createBlobFetcher } from "./blobs/blob-client.js";
import { type BlobStore, createBlobStore } from "./blobs/blob-store.js";
import { sweepClaims } from "./chain/claim-sweep.js";
import { claimLease, finalizeLease } from "./chain/claims.js";
import type { ChallengeSubmitter, ClaimSubmitter, StakeChecker } from "./chain/interface.js";
import { createStakeCache } from "./chain/stake-cache.js";
import type { NodeConfig } from "./config/schema.js";
import {
  type CoordinateService,
  createCoordinateService,
  type LegClient,
} from "./coordinate/coordinate-service.js";
import { createLegClient } from "./coordinate/leg-client.js";
import type { NodeJournal } from "./journal/interface.js";
import { createLevelJournal } from "./journal/level-journal.js";
import { createSigningGuard } from "./journal/signing-guard.js";
import { type CapacityLedger, createLedger, freeCapacity } from "./leases/capacity.js";
import { createLeaseService, type LeaseService, ROLE_BY_NAME } from "./leases/lease-service.js";
import { LeaseTable } from "./leases/lease-table.js";
import { createNodeMetrics, type NodeMetrics } from "./metrics/metrics.js";
import { createHardwareProbe, type HardwareProbe } from "./probe/probe.js";
import { createFrameHandlers } from "./protocols/frame-handlers.js";
import { createPeerPenalties, type PeerPenalties } from "./protocols/peer-penalties.js";
import { registerProtocols } from "./protocols/register.js";
import type { Reexecutor, StepExecutor } from "./steps/executor.js";
import { createStepService, type StepService } from "./steps/step-service.js";
import { createWorkerPoolExecutor } from "./steps/worker-executor.js";
import { createRuntimeReexecutor } from "./verify/runtime-reexecutor.js";
import { createVerifyService } from "./verify/verify-service.js";

export interface WorkerNodeComponents {
  /** The operator's signing key (adverts, receipts, attestations). Never logged. */
  signer: Signer;
  /**
   * Signs receipts (the hot path), e.g. a thread signer with the same key; defaults to `signer`.
   * Must hold the same key as `signer`.
   */
  receiptSigner?: Signer;
  /** EIP-712 domain of the deployment (chain id + SessionEscrow). */
  domain: MeshDomain;
  logger: Logger;
  /** Runs steps; defaults to the runtime's worker-thread pool with the wall-time backstop. */
  executor?: StepExecutor;
  /** Re-executes receipts for the verification role; defaults to the runtime over `executor`. */
  reexecutor?: Reexecutor;
  /** On-chain stake check for adverts; without it adverts are not stake-checked (logged at start). */
  stakeChecker?: StakeChecker;
  claimSubmitter?: ClaimSubmitter;
  challengeSubmitter?: ChallengeSubmitter;
  probe?: HardwareProbe;
}

export interface WorkerNodeStatus {
  peerId: string;
  multiaddrs: string[];
  metrics: string | undefined;
  leases: number;
  free: ReturnType<typeof freeCapacity>;
  advertSequence: string | undefined;
}

export interface WorkerNode {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly peerId: PeerId;
  readonly host: MeshHost;
  readonly journal: NodeJournal;
  readonly leaseService: LeaseService;
  readonly stepService: StepService;
  readonly publisher: AdvertPublisher;
  readonly validator: AdvertValidator;
  readonly blobs: BlobStore;
  readonly penalties: PeerPenalties;
  readonly metrics: NodeMetrics | undefined;
  readonly descriptor: ResourceDescriptor;
  /** Adverts accepted from other peers, by peer id (latest). */
  readonly adverts: Map<string, ResourceAdvert>;
  status(): WorkerNodeStatus;
}

/**
 * @example
 * const node = createWorkerNode({ signer, domain, logger }, await loadNodeConfig({ flags: { dataDir } }));
 * await node.start();
 */
export function createWorkerNode(components: WorkerNodeComponents, config: NodeConfig): WorkerNode {
  const log = components.logger;
  const { signer, domain } = components;
  const journal = createLevelJournal({
    path: join(config.dataDir, "journal"),
    sync: config.journal.sync,
    maxBatch: config.journal.maxBatch,
  });
  const blobs = createBlobStore({ dir: join(config.dataDir, "blobs") });
  const leases = new LeaseTable();
  const penalties = createPeerPenalties();
  const adverts = new Map<string, ResourceAdvert>();
  const probe =
    components.probe ??
    createHardwareProbe({}, { ...config.probe, region: config.region, dataDir: config.dataDir });
  const executor =
    components.executor ??
    createWorkerPoolExecutor({
      workers: config.limits.executionWorkers,
      wallTimeMs: config.limits.stepTimeoutMs,
    });
  const receiptSigner = components.receiptSigner ?? signer;
  if (receiptSigner.address !== signer.address) throw new Error("receiptSigner must hold the operator's key");
  const guard = createSigningGuard({ journal, signer: receiptSigner, domain });
  const stakeCache = components.stakeChecker
    ? createStakeCache(components.stakeChecker, { ttlMs: config.chain.stakeCacheMs })
    : undefined;

  let host: MeshHost | undefined;
  let ledger: CapacityLedger | undefined;
  let leaseService: LeaseService | undefined;
  let stepService: StepService | undefined;
  let coordinateService: CoordinateService | undefined;
  let legClient: LegClient | undefined;
  let publisher: AdvertPublisher | undefined;
  let validator: AdvertValidator | undefined;
  let metrics: NodeMetrics | undefined;
  let descriptor: ResourceDescriptor | undefined;
  let expiryTimer: NodeJS.Timeout | undefined;
  const finalizeTimers = new Set<NodeJS.Timeout>();
  // Claims are traced to an OTLP collector when configured (step spans go back to the scheduler).
  const otlp = config.tracing.otlpEndpoint
    ? createOtlpExporter({ logger: log }, { endpoint: config.tracing.otlpEndpoint })
    : undefined;
  const traced = otlp ? { tracer: createTracer({ sinks: [otlp] }, { service: "node" }) } : {};
  const controller = new AbortController();

  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`worker node not started: ${what}`);
    return v;
  };

  function roleOffers(): RoleOffer[] {
    return config.roles.map((r) => ({ role: ROLE_BY_NAME[r], pricePerFuel: config.prices[r] ?? 0n }));
  }

  function onLeaseEnded(terms: { leaseId: Uint8Array; sessionId: Uint8Array }, reason: string): void {
    log.info({ lease: toHex(terms.leaseId), reason }, "lease ended");
    void coordinateService?.ended(terms.leaseId);
    const submitter = components.claimSubmitter;
    if (!submitter || !config.chain.autoClaim) return;
    const c = { journal, submitter, ...traced };
    claimLease(c, terms.leaseId)
      .then(async (rec) => {
        if (!rec) return;
        log.info({ lease: toHex(terms.leaseId), tx: rec.txHash }, "voucher claimed");
        const window = await submitter.challengeWindowMs();
        const t = setTimeout(() => {
          finalizeTimers.delete(t);
          finalizeLease(c, terms.sessionId, terms.leaseId)
            .then((r) =>
              log.info({ lease: toHex(terms.leaseId), state: r?.state, tx: r?.txHash }, "claim finalized"),
            )
            .catch((err) =>
              log.warn({ lease: toHex(terms.leaseId), err: (err as Error).message }, "finalize failed"),
            );
        }, window + 1_000);
        t.unref();
        finalizeTimers.add(t);
      })
      .catch((err) => log.warn({ lease: toHex(terms.leaseId), err: (err as Error).message }, "claim failed"));
  }

  const node: WorkerNode = {
    get peerId() {
      return need(host, "host").peerId;
    },
    get host() {
      return need(host, "host");
    },
    journal,
    get leaseService() {
      return need(leaseService, "leases");
    },
    get stepService() {
      return need(stepService, "steps");
    },
    get publisher() {
      return need(publisher, "publisher");
    },
    get validator() {
      return need(validator, "validator");
    },
    blobs,
    penalties,
    get metrics() {
      return metrics;
    },
    get descriptor() {
      return need(descriptor, "descriptor");
    },
    adverts,
    status() {
      const h = need(host, "host");
      return {
        peerId: h.peerId.toString(),
        multiaddrs: h.getMultiaddrs().map((m) => m.toString()),
        metrics: metrics?.url,
        leases: leases.size,
        free: freeCapacity(need(ledger, "ledger")),
        advertSequence: publisher?.last?.sequence.toString(),
      };
    },

    async start() {
      await mkdir(config.dataDir, { recursive: true });
      await otlp?.start();
      await journal.open();
      const privateKey = await loadOrCreatePeerKey(join(config.dataDir, "peer.key"));
      descriptor = await probe.probe({ signal: controller.signal });
      if (probe.lastBandwidthError) {
        log.info({ reason: probe.lastBandwidthError }, "bandwidth: interface speed reported (not measured)");
      }
      const l = createLedger(
        offeredCapacity(descriptor, config.capacity.shareOfHost, config.capacity.leaseSlots),
      );
      ledger = l;
      const h = await createMeshHost({
        privateKey,
        listen: config.network.listen,
        bootstrap: config.network.bootstrap,
        mdns: config.network.mdns,
        limits: {
          maxConnections: config.network.maxConnections,
          maxIncomingPendingConnections: config.network.maxIncomingPendingConnections,
        },
        appSpecificScore: (peer) => penalties.score(peer),
      });
      host = h;
      const blobFetcher = createBlobFetcher({ libp2p: h });
      const ls = createLeaseService(
        {
          ledger: l,
          leases,
          journal,
          blobs,
          fetcher: blobFetcher,
          operator: signer.address,
          domain,
          onEnded: onLeaseEnded,
          onCapacityChange: () => publisher?.changed(),
          // Start the step threads before the first step needs them (thread start-up, not the
          // step, would otherwise be the first step's latency).
          onRunning: () => executor.warm?.(),
          onVoucher: (v) => {
            // A voucher that arrives after the lease was claimed (redelivered after an outage)
            // raises the claim while it is still pending.
            // So does one for a lease that already ended unclaimed (it ended while this node was
            // cut off, before the voucher could reach it).
            void journal.getClaim(v.leaseId).then((rec) => {
              if (rec?.state === "claimed") onLeaseEnded(v, "higher voucher after the claim");
              else if ((!rec || rec.state === "failed") && !leases.get(v.leaseId))
                onLeaseEnded(v, "voucher for an ended lease");
            });
          },
        },
        {
          roles: config.roles,
          prices: config.prices,
          reservationMs: config.capacity.reservationMs,
        },
      );
      leaseService = ls;
      const m = config.metrics.enabled
        ? createNodeMetrics({
            host: config.metrics.host,
            port: config.metrics.port,
            observe: {
              leases: () => {
                let reserved = 0;
                let running = 0;
                for (const hold of l.holds.values()) hold.state === "running" ? running++ : reserved++;
                return { reserved, running };
              },
              peers: () => h.getPeers().length,
              negativeScorePeers: () => {
                const ps = h.services.pubsub as unknown as { getScore?: (id: string) => number };
                if (typeof ps.getScore !== "function") return 0;
                return h.getPeers().filter((p) => (ps.getScore?.(p.toString()) ?? 0) < 0).length;
              },
              journal: () => journal.stats,
            },
          })
        : undefined;
      metrics = m;
      stepService = createStepService(
        {
          leases,
          guard,
          executor,
          blobs,
          fetchModule: (scheduler, hash) => blobFetcher.fetch(scheduler, hash),
          onStep: (e) => {
            if (!m) return;
            const role = String(e.role);
            m.steps.add(1, { role, status: String(e.status) });
            if (e.durationS > 0) m.stepDuration.record(e.durationS, { role });
            if (e.fuel > 0n) m.fuel.add(Number(e.fuel));
            if (e.errorCode) m.stepErrors.add(1, { code: e.errorCode });
          },
        },
        {
          maxFuelPerStep: config.limits.maxFuelPerStep,
          maxUnvoucheredReceipts: config.limits.maxUnvoucheredReceipts,
          ...config.faults,
        },
      );
      if (
        config.faults.dishonestRate > 0 ||
        config.faults.forgeRate > 0 ||
        config.faults.relayTamperRate > 0
      ) {
        log.warn(config.faults, "TEST FAULT ENABLED: this node returns wrong outputs or forged receipts");
      }
      const verify = config.roles.includes("verification")
        ? createVerifyService({
            reexecutor: components.reexecutor ?? createRuntimeReexecutor({ executor }),
            signer,
            domain,
            blobs,
            challenger: components.challengeSubmitter,
            onVerified: (e) =>
              e.mismatch &&
              log.warn(
                { challengeTx: e.challengeTx, err: (e.challengeError as Error | undefined)?.message },
                "receipt mismatch",
              ),
          })
        : undefined;
      legClient = createLegClient(
        { libp2p: h, local: stepService },
        { stepTimeoutMs: config.limits.legStepTimeoutMs },
      );
      coordinateService = createCoordinateService(
        { leases, steps: stepService, legs: legClient, domain },
        { relayTamperRate: config.faults.relayTamperRate },
      );
      const handlers = createFrameHandlers({
        leases: ls,
        steps: stepService,
        coordinate: coordinateService,
        blobs,
        verify,
        // Verify requests only from schedulers that placed a verification lease here.
        mayVerify: (peer) =>
          [...leases.values()].some(
            (x) => x.terms.role === ROLE_BY_NAME.verification && x.terms.scheduler === peer,
          ),
      });
      await registerProtocols({
        libp2p: h,
        handlers,
        penalties,
        signal: controller.signal,
        onInvalid: (protocol, peer, err) => {
          m?.protocolViolations.add(1, { protocol, code: err.code });
          log.debug({ protocol, peer, code: err.code }, "protocol violation");
          if (penalties.isBanned(peer)) {
            for (const c of h.getConnections())
              if (c.remotePeer.toString() === peer) c.close().catch(() => undefined);
          }
        },
      });
      if (!stakeCache) log.warn("no chain configured: adverts are not checked for stake");
      const v = createAdvertValidator({
        domain,
        isStaked: stakeCache ? (op) => stakeCache.isStaked(op) : undefined,
        onAccept: (a) => {
          adverts.set(a.peerId, a);
          m?.gossipAdverts.add(1, { result: "accept" });
        },
        onReject: (err, from) => {
          m?.gossipAdverts.add(1, { result: err.action.toLowerCase() });
          log.debug({ from, code: err.code, reason: err.shortMessage }, "advert not accepted");
        },
      });
      validator = v;
      h.services.pubsub.topicValidators.set(ADVERT_TOPIC, v.topicValidator);
      h.services.pubsub.subscribe(ADVERT_TOPIC);
      const recovered = await ls.recover();
      if (recovered > 0) log.info({ leases: recovered }, "resumed leases from the journal");
      // Leases that ended while we were down (or whose claim failed): claim / finalize them now.
      if (components.claimSubmitter && config.chain.autoClaim) {
        sweepClaims({ journal, submitter: components.claimSubmitter, ...traced })
          .then((r) => {
            if (r.claimed.length + r.finalized.length + r.failed.length > 0) log.info(r, "claim sweep");
          })
          .catch((err) => log.warn({ err: (err as Error).message }, "claim sweep failed"));
      }
      await m?.start();
      const p = createAdvertPublisher(
        {
          pubsub: h.services.pubsub,
          journal,
          signer,
          domain,
          ledger: l,
          peerId: h.peerId.toString(),
          multiaddrs: () => h.getMultiaddrs().map((x) => x.toString()),
          runningLeases: () => leases.size,
          probe: () => probe.probe({ signal: controller.signal }),
          onPublished: (a, n) => {
            m?.advertsPublished.add(1);
            log.debug({ sequence: a.sequence.toString(), recipients: n }, "advert published");
          },
          onError: (err) => log.warn({ err: (err as Error).message }, "advert publish failed"),
        },
        {
          descriptor,
          roles: roleOffers(),
          intervalMs: config.adverts.intervalMs,
          ttlMs: config.adverts.ttlMs,
          probeIntervalMs: config.probe.intervalMs,
        },
      );
      publisher = p;
      await p.start();
      expiryTimer = setInterval(() => {
        ls.expire()
          .then((gone) => gone.length > 0 && log.info({ leases: gone }, "leases lapsed"))
          .catch((err) => log.warn({ err: (err as Error).message }, "lease expiry failed"));
      }, 1_000);
      expiryTimer.unref();
      log.info(
        { peerId: h.peerId.toString(), operator: signer.address, roles: config.roles, metrics: m?.url },
        "worker node started",
      );
    },

    async stop() {
      leaseService?.drain();
      clearInterval(expiryTimer);
      for (const t of finalizeTimers) clearTimeout(t);
      finalizeTimers.clear();
      controller.abort();
      await publisher?.stop();
      // Let queued steps finish journalling before the journal closes.
      await Promise.all([...leases.values()].map((l) => l.tail));
      await legClient?.stop();
      await host?.stop();
      await metrics?.stop();
      await otlp?.stop();
      await executor.close();
      await journal.close();
      log.info("worker node stopped");
    },
  };
  return node;
}
