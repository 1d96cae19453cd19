/**
 * Feeds the advert index from the gossip topic. Validation runs inside the gossipsub validator
 * (lodestar's pattern): ACCEPT upserts the advert, REJECT (bad signature, unstaked operator,
 * insane ranges, relayed under another peer's name) penalises the sender through peer scoring,
 * IGNORE (stale sequence) drops it without penalty. Stale nodes are expired on a timer.
 */
import { type Message, TopicValidatorResult } from "@libp2p/gossipsub";
import type { PeerId } from "@libp2p/interface";
import {
  ADVERT_TOPIC,
  GossipAction,
  GossipValidationError,
  type MeshDomain,
  type MeshHost,
  PadMeshError,
  validateAdvertBytes,
} from "@padmesh/proto";
import type { Address } from "viem";
import type { StakeChecker } from "../chain/interface.js";
import type { AdvertIndex } from "../placement/interface.js";
import type { NodeClient } from "./node-client.js";

export interface AdvertFeedLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface AdvertFeedComponents {
  host: MeshHost;
  index: AdvertIndex;
  stake: StakeChecker;
  nodes: NodeClient;
  logger: AdvertFeedLogger;
  now?: () => number;
  onAdvert?: (outcome: "accept" | "ignore" | "reject", code: string) => void;
  /** Told when a node joins (to remember its addresses) or expires. */
  peers?: { remember(peerId: string, multiaddrs: string[]): void; forget(peerId: string): void };
}

export interface AdvertFeedInit {
  domain: MeshDomain;
  expireIntervalMs: number;
}

export interface AdvertFeed {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createAdvertFeed(components: AdvertFeedComponents, init: AdvertFeedInit): AdvertFeed {
  const { host, index, stake, logger } = components;
  const now = components.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  const known = new Set<string>();

  const validator = async (from: PeerId, msg: Message): Promise<TopicValidatorResult> => {
    try {
      const prev = index.get(peerOfMessage(msg) ?? "");
      const advert = await validateAdvertBytes(msg.data, {
        domain: init.domain,
        nowMs: now(),
        ...(prev ? { latestSequence: prev.advert.sequence } : {}),
        fromPeerId: from.toString(),
        isStaked: (op) => stake.isActiveOperator(op as Address),
      });
      // The gossip author (signed message) must be the node the advert describes.
      if (msg.type === "signed" && msg.from.toString() !== advert.peerId) {
        components.onAdvert?.("reject", "ERR_ADVERT_AUTHOR");
        logger.debug(
          { author: msg.from.toString(), peerId: advert.peerId },
          "advert relayed under another name",
        );
        return TopicValidatorResult.Reject;
      }
      if (!index.upsert(advert, now())) {
        components.onAdvert?.("ignore", "ERR_STALE_SEQUENCE");
        return TopicValidatorResult.Ignore;
      }
      if (!known.has(advert.peerId)) {
        known.add(advert.peerId);
        logger.info({ peerId: advert.peerId, operator: advert.operator }, "node joined the index");
        components.peers?.remember(advert.peerId, advert.multiaddrs);
        // Reputation comes from the registry's quality counters; refreshed whenever a node (re)joins.
        stake
          .quality(advert.operator as Address)
          .then((q) => index.setReputation(advert.operator, q))
          .catch((err) => logger.debug({ err: (err as Error).message }, "quality read failed"));
      }
      await components.nodes.learnAddresses(advert.peerId, advert.multiaddrs).catch(() => undefined);
      components.onAdvert?.("accept", "OK");
      return TopicValidatorResult.Accept;
    } catch (err) {
      if (err instanceof GossipValidationError) {
        const reason = err.cause instanceof PadMeshError ? err.cause.code : err.code;
        components.onAdvert?.(err.action === GossipAction.REJECT ? "reject" : "ignore", reason);
        logger.debug({ from: from.toString(), code: err.code, reason: err.shortMessage }, "advert refused");
        return err.action === GossipAction.REJECT ? TopicValidatorResult.Reject : TopicValidatorResult.Ignore;
      }
      // Our own failure (e.g. the chain RPC is down): not the sender's fault.
      logger.warn({ err: (err as Error).message }, "advert validation failed on our side");
      components.onAdvert?.("ignore", "ERR_INTERNAL");
      return TopicValidatorResult.Ignore;
    }
  };

  return {
    async start() {
      host.services.pubsub.topicValidators.set(ADVERT_TOPIC, validator);
      host.services.pubsub.subscribe(ADVERT_TOPIC);
      timer = setInterval(() => {
        for (const peerId of index.expire(now())) {
          known.delete(peerId);
          components.peers?.forget(peerId);
          logger.info({ peerId }, "node expired from the index (stale advert)");
        }
      }, init.expireIntervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      host.services.pubsub.unsubscribe(ADVERT_TOPIC);
      host.services.pubsub.topicValidators.delete(ADVERT_TOPIC);
    },
  };
}

function peerOfMessage(msg: Message): string | undefined {
  return msg.type === "signed" ? msg.from.toString() : undefined;
}
