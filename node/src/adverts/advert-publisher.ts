/**
 * Publishes the node's signed ResourceAdvert on ADVERT_TOPIC: on start, soon after anything
 * advertised changes (capacity, hardware), and every `intervalMs` regardless. Each advert takes
 * a fresh sequence from the journal (persisted, so strictly increasing across restarts).
 * Hardware is re-probed every `probeIntervalMs`; a changed descriptor is re-advertised at once.
 */
import type { GossipSub } from "@libp2p/gossipsub";
import {
  ADVERT_TOPIC,
  encodeMessage,
  type MeshDomain,
  ResourceAdvert,
  type ResourceDescriptor,
  type RoleOffer,
  type Signer,
  signAdvert,
} from "@padmesh/proto";
import type { NodeJournal } from "../journal/interface.js";
import type { CapacityLedger } from "../leases/capacity.js";
import { freeCapacity } from "../leases/capacity.js";
import { buildAdvert, descriptorChanged } from "./advert-builder.js";

export interface AdvertPublisherComponents {
  pubsub: GossipSub;
  journal: NodeJournal;
  signer: Signer;
  domain: MeshDomain;
  ledger: CapacityLedger;
  peerId: string;
  multiaddrs(): string[];
  runningLeases(): number;
  /** Re-probe the hardware (returns the new descriptor). */
  probe(): Promise<ResourceDescriptor>;
  onPublished?(advert: ResourceAdvert, recipients: number): void;
  onError?(err: unknown): void;
  now?: () => number;
}

export interface AdvertPublisherInit {
  descriptor: ResourceDescriptor;
  roles: RoleOffer[];
  intervalMs: number;
  ttlMs: number;
  probeIntervalMs: number;
  /** Coalesce bursts of changes into one advert. Default 200 ms. */
  debounceMs?: number;
}

export interface AdvertPublisher {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Something advertised changed: publish soon. */
  changed(): void;
  /** Build, sign and publish one advert now. */
  publishNow(): Promise<ResourceAdvert>;
  readonly descriptor: ResourceDescriptor;
  readonly last: ResourceAdvert | undefined;
}

export function createAdvertPublisher(
  components: AdvertPublisherComponents,
  init: AdvertPublisherInit,
): AdvertPublisher {
  const now = components.now ?? Date.now;
  let descriptor = init.descriptor;
  let last: ResourceAdvert | undefined;
  let timer: NodeJS.Timeout | undefined;
  let probeTimer: NodeJS.Timeout | undefined;
  let debounce: NodeJS.Timeout | undefined;
  let running = false;
  let publishing: Promise<ResourceAdvert> | undefined;

  async function publishOnce(): Promise<ResourceAdvert> {
    const sequence = await components.journal.nextAdvertSequence();
    const unsigned = buildAdvert({
      peerId: components.peerId,
      operator: components.signer.address,
      descriptor,
      roles: init.roles,
      free: freeCapacity(components.ledger),
      sequence,
      nowMs: now(),
      ttlMs: init.ttlMs,
      multiaddrs: components.multiaddrs(),
      runningLeases: components.runningLeases(),
    });
    const advert = await signAdvert(components.domain, unsigned, components.signer);
    const res = await components.pubsub.publish(ADVERT_TOPIC, encodeMessage(ResourceAdvert, advert));
    last = advert;
    components.onPublished?.(advert, res.recipients.length);
    return advert;
  }

  const publisher: AdvertPublisher = {
    get descriptor() {
      return descriptor;
    },
    get last() {
      return last;
    },
    async publishNow() {
      // One publish at a time: sequences go out in order.
      const run = (publishing ?? Promise.resolve()).catch(() => undefined).then(publishOnce);
      publishing = run;
      try {
        return await run;
      } finally {
        if (publishing === run) publishing = undefined;
      }
    },
    changed() {
      if (!running || debounce) return;
      debounce = setTimeout(() => {
        debounce = undefined;
        publisher.publishNow().catch((err) => components.onError?.(err));
      }, init.debounceMs ?? 200);
      debounce.unref();
    },
    async start() {
      running = true;
      await publisher.publishNow().catch((err) => components.onError?.(err));
      timer = setInterval(() => {
        publisher.publishNow().catch((err) => components.onError?.(err));
      }, init.intervalMs);
      timer.unref();
      probeTimer = setInterval(() => {
        components
          .probe()
          .then((d) => {
            if (descriptorChanged(descriptor, d)) {
              descriptor = d;
              publisher.changed();
            }
          })
          .catch((err) => components.onError?.(err));
      }, init.probeIntervalMs);
      probeTimer.unref();
    },
    async stop() {
      running = false;
      clearInterval(timer);
      clearInterval(probeTimer);
      clearTimeout(debounce);
      debounce = undefined;
      await publishing?.catch(() => undefined);
    },
  };
  return publisher;
}
