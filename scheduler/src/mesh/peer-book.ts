/**
 * Remembers where mesh nodes were reached (from their adverts) in the journal, so a restarted
 * scheduler dials the mesh it knew instead of waiting for nodes to find it again.
 */
import { peerIdFromString } from "@libp2p/peer-id";
import type { MeshHost } from "@padmesh/proto";
import { decodeRecord, encodeRecord } from "../journal/codec.js";
import type { Journal } from "../journal/interface.js";
import type { NodeClient } from "./node-client.js";

export interface PeerBook {
  /** Record a node's addresses (written through the journal's group commit). */
  remember(peerId: string, multiaddrs: string[]): void;
  forget(peerId: string): void;
  /** Learn every remembered node's addresses and dial them in the background. */
  redial(): Promise<number>;
}

export interface PeerBookComponents {
  journal: Journal;
  host: MeshHost;
  nodes: NodeClient;
  logger: { debug(obj: object, msg: string): void };
}

const PREFIX = "n/";

export function createPeerBook(components: PeerBookComponents): PeerBook {
  const { journal, host, nodes, logger } = components;
  return {
    remember(peerId, multiaddrs) {
      void journal
        .write([{ type: "put", key: `${PREFIX}${peerId}`, value: encodeRecord(multiaddrs) }])
        .catch((err) => logger.debug({ err: (err as Error).message }, "peer book write failed"));
    },
    forget(peerId) {
      void journal.write([{ type: "del", key: `${PREFIX}${peerId}` }]).catch(() => undefined);
    },
    async redial() {
      let n = 0;
      for await (const [key, value] of journal.entries(PREFIX)) {
        const peerId = key.slice(PREFIX.length);
        if (peerId === host.peerId.toString()) continue;
        await nodes.learnAddresses(peerId, decodeRecord<string[]>(value)).catch(() => undefined);
        host
          .dial(peerIdFromString(peerId))
          .catch((err) => logger.debug({ peerId, err: (err as Error).message }, "redial failed"));
        n++;
      }
      return n;
    },
  };
}
