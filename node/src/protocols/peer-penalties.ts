/**
 * Penalties for peers that send garbage on a stream protocol (bad frames, undecodable
 * protobuf, oversized or wrong-version messages). The score feeds gossipsub's application
 * score, and a peer below `banThreshold` has its connections closed and new streams refused
 * until the penalty decays. Pure bookkeeping; the clock is injected.
 */
export interface PeerPenaltiesInit {
  /** Points a protocol violation costs. Default 10. */
  violationCost?: number;
  /** Score at which the peer is cut off. Default -50. */
  banThreshold?: number;
  /** Penalty halves every this many ms. Default 60 000. */
  halfLifeMs?: number;
  now?: () => number;
}

export interface PeerPenalties {
  /** Record a violation; returns the peer's new score (≤ 0). */
  penalise(peerId: string, cost?: number): number;
  score(peerId: string): number;
  isBanned(peerId: string): boolean;
  readonly size: number;
}

export function createPeerPenalties(init: PeerPenaltiesInit = {}): PeerPenalties {
  const now = init.now ?? Date.now;
  const cost = init.violationCost ?? 10;
  const threshold = init.banThreshold ?? -50;
  const halfLife = init.halfLifeMs ?? 60_000;
  const book = new Map<string, { score: number; at: number }>();

  function current(peerId: string): number {
    const e = book.get(peerId);
    if (!e) return 0;
    const decayed = e.score * 0.5 ** ((now() - e.at) / halfLife);
    if (decayed > -0.01) {
      book.delete(peerId);
      return 0;
    }
    return decayed;
  }

  return {
    get size() {
      return book.size;
    },
    penalise(peerId, c = cost) {
      const s = current(peerId) - c;
      book.set(peerId, { score: s, at: now() });
      return s;
    },
    score: current,
    isBanned(peerId) {
      return current(peerId) <= threshold;
    },
  };
}
