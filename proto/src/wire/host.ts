/**
 * `createMeshHost`: the one libp2p 3 configuration every PadMesh process uses (nodes and
 * schedulers): TCP, Noise, Yamux, identify, gossipsub (with peer scoring tuned for the advert
 * topic), an optional bootstrap list and mDNS, and connection limits.
 *
 * Connection limits (see docs/operators.md): at most `maxConnections` (default 200) open
 * connections, at most `maxIncomingPendingConnections` (default 32) inbound connections being
 * upgraded at once, 4 parallel dials; gossip and stream protocols cap their own streams.
 */
import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import { bootstrap } from "@libp2p/bootstrap";
import { type GossipSub, type GossipsubOpts, gossipsub } from "@libp2p/gossipsub";
import {
  createPeerScoreParams,
  createPeerScoreThresholds,
  createTopicScoreParams,
} from "@libp2p/gossipsub/score";
import { type Identify, identify } from "@libp2p/identify";
import type { Libp2p, PrivateKey } from "@libp2p/interface";
import { mdns } from "@libp2p/mdns";
import { tcp } from "@libp2p/tcp";
import { createLibp2p, type Libp2pOptions } from "libp2p";
import { ADVERT_TOPIC } from "../constants.js";

export interface MeshConnectionLimits {
  /** Open connections, all directions. Default 200. */
  maxConnections?: number;
  /** Inbound connections mid-upgrade (Noise + Yamux) at once. Default 32. */
  maxIncomingPendingConnections?: number;
  /** Parallel outbound dials. Default 4. */
  maxParallelDials?: number;
  /** Give up on a dial after this many ms. Default 10 000. */
  dialTimeoutMs?: number;
}

export interface MeshHostInit {
  /** The node's identity (see loadOrCreatePeerKey). */
  privateKey: PrivateKey;
  /** Listen multiaddrs, e.g. ["/ip4/127.0.0.1/tcp/0"]. */
  listen: string[];
  /** Multiaddrs (with /p2p/<id>) dialled at start. */
  bootstrap?: string[];
  /** Discover peers on the local network with mDNS. Default false. */
  mdns?: boolean;
  limits?: MeshConnectionLimits;
  /** Extra gossipsub options (tests lower heartbeat intervals, benches disable scoring...). */
  gossip?: Partial<GossipsubOpts>;
  /**
   * Application score per peer (added to gossipsub's score with weight 1): the node feeds its
   * stream-protocol penalties in here so garbage on any protocol also costs gossip standing.
   */
  appSpecificScore?: (peerId: string) => number;
  /** Start the node before returning. Default true. */
  start?: boolean;
}

export type MeshServices = { identify: Identify; pubsub: GossipSub };
export type MeshHost = Libp2p<MeshServices>;

/**
 * Peer-score parameters for the mesh: an invalid advert (validator REJECT) costs the sender
 * -100 per message (squared), so a handful of bad adverts takes a peer below the graylist
 * threshold and its gossip is ignored; the penalty decays over ~10 minutes.
 */
export function meshScoreParams(appSpecificScore: (peerId: string) => number = () => 0) {
  return {
    scoreParams: createPeerScoreParams({
      topics: {
        [ADVERT_TOPIC]: createTopicScoreParams({
          topicWeight: 1,
          timeInMeshWeight: 0.01,
          timeInMeshQuantum: 1000,
          timeInMeshCap: 100,
          firstMessageDeliveriesWeight: 1,
          firstMessageDeliveriesDecay: 0.9,
          firstMessageDeliveriesCap: 20,
          meshMessageDeliveriesWeight: 0,
          meshFailurePenaltyWeight: 0,
          invalidMessageDeliveriesWeight: -100,
          invalidMessageDeliveriesDecay: 0.99,
        }),
      },
      IPColocationFactorWeight: 0,
      appSpecificScore,
      appSpecificWeight: 1,
    }),
    scoreThresholds: createPeerScoreThresholds({
      gossipThreshold: -100,
      publishThreshold: -500,
      graylistThreshold: -1000,
    }),
  };
}

/**
 * Build (and by default start) a libp2p host for the mesh.
 * @example
 * const host = await createMeshHost({ privateKey, listen: ["/ip4/127.0.0.1/tcp/0"], bootstrap });
 * host.services.pubsub.subscribe(ADVERT_TOPIC);
 */
export async function createMeshHost(init: MeshHostInit): Promise<MeshHost> {
  const limits = init.limits ?? {};
  const discovery: NonNullable<Libp2pOptions["peerDiscovery"]> = [];
  if (init.bootstrap && init.bootstrap.length > 0)
    discovery.push(bootstrap({ list: init.bootstrap, timeout: 0 }));
  if (init.mdns) discovery.push(mdns({ interval: 5_000 }));
  const score = meshScoreParams(init.appSpecificScore);
  const maxConnections = limits.maxConnections ?? 200;
  const host = await createLibp2p({
    privateKey: init.privateKey,
    start: false,
    addresses: { listen: init.listen },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    peerDiscovery: discovery,
    connectionManager: {
      maxConnections,
      maxIncomingPendingConnections: limits.maxIncomingPendingConnections ?? 32,
      maxParallelDials: limits.maxParallelDials ?? 4,
      dialTimeout: limits.dialTimeoutMs ?? 10_000,
    },
    services: {
      identify: identify(),
      pubsub: gossipsub({
        allowPublishToZeroTopicPeers: true,
        emitSelf: false,
        ...score,
        ...init.gossip,
      }),
    },
  });
  // mDNS only reports peers; dial them (bounded by the connection limit).
  if (init.mdns) {
    host.addEventListener("peer:discovery", (evt) => {
      if (host.getConnections().length >= maxConnections) return;
      if (host.getConnections(evt.detail.id).length > 0) return;
      host.dial(evt.detail.id).catch(() => undefined);
    });
  }
  if (init.start !== false) await host.start();
  return host;
}
