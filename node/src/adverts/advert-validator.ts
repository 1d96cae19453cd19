/**
 * The gossipsub validator for the advert topic. It wraps `validateAdvertBytes` from proto with
 * the node's state: the highest sequence accepted per advertised peer, a cached stake check,
 * and the rule that an advert must come from the peer it describes. REJECT → Reject (gossipsub
 * scores the sender down), IGNORE → Ignore (no penalty), a valid advert → Accept.
 */
import type { Message, TopicValidatorFn } from "@libp2p/gossipsub";
import { TopicValidatorResult } from "@libp2p/gossipsub";
import {
  GossipAction,
  GossipValidationError,
  type MeshDomain,
  PadMeshError,
  type ResourceAdvert,
  validateAdvertBytes,
} from "@padmesh/proto";

export interface AdvertValidatorComponents {
  domain: MeshDomain;
  /** Cached on-chain check (`OperatorRegistry.isActiveOperator`); omit where no chain is configured. */
  isStaked?: (operator: string) => Promise<boolean> | boolean;
  now?: () => number;
  onAccept?(advert: ResourceAdvert): void;
  onReject?(err: GossipValidationError, from: string): void;
}

export interface AdvertValidator {
  /** The pure-ish core: bytes + originator → action (no libp2p involved). */
  validate(bytes: Uint8Array, from: string | undefined): Promise<TopicValidatorResult>;
  /** Plug into `pubsub.topicValidators.set(ADVERT_TOPIC, validator.topicValidator)`. */
  topicValidator: TopicValidatorFn;
  /** Latest accepted sequence per advertised peer id. */
  readonly latest: Map<string, bigint>;
}

export function createAdvertValidator(components: AdvertValidatorComponents): AdvertValidator {
  const latest = new Map<string, bigint>();
  const now = components.now ?? Date.now;

  async function validate(bytes: Uint8Array, from: string | undefined): Promise<TopicValidatorResult> {
    try {
      // First pass without the sequence: we need the advert's peer id to look it up.
      const advert = await validateAdvertBytes(bytes, {
        domain: components.domain,
        nowMs: now(),
        isStaked: components.isStaked,
      });
      if (from !== undefined && advert.peerId !== from) {
        throw new GossipValidationError(
          GossipAction.REJECT,
          new PadMeshError("ERR_ADVERT_PEER_MISMATCH", `advert for ${advert.peerId} originated by ${from}`),
        );
      }
      const seen = latest.get(advert.peerId);
      if (seen !== undefined && advert.sequence <= seen) {
        throw new GossipValidationError(
          GossipAction.IGNORE,
          new PadMeshError("ERR_STALE_SEQUENCE", `sequence ${advert.sequence} is not newer than ${seen}`),
        );
      }
      latest.set(advert.peerId, advert.sequence);
      components.onAccept?.(advert);
      return TopicValidatorResult.Accept;
    } catch (err) {
      const e =
        err instanceof GossipValidationError
          ? err
          : new GossipValidationError(
              GossipAction.REJECT,
              new PadMeshError("ERR_INTERNAL", err instanceof Error ? err.message : String(err)),
            );
      components.onReject?.(e, from ?? "unknown");
      return e.action === GossipAction.IGNORE ? TopicValidatorResult.Ignore : TopicValidatorResult.Reject;
    }
  }

  return {
    latest,
    validate,
    topicValidator: (_peer, message: Message) =>
      validate(message.data, message.type === "signed" ? message.from.toString() : undefined),
  };
}
