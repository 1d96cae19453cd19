/**
 * A coordinator's calls to its session's legs: one ordered step stream per leg lease over
 * /padmesh/step/1.0.0, dialled at the addresses the scheduler sent with the leg.
 */
import type { Libp2p } from "@libp2p/interface";
import { createChannelPool, PROTOCOL, StepInput, StepResult, toHex } from "@padmesh/proto";
import type { LegClient } from "./coordinate-service.js";

export interface LegClientInit {
  /** Deadline of one leg's step (default 30 s). */
  stepTimeoutMs?: number;
}

/**
 * @example
 * const legs = createLegClient({ libp2p }, { stepTimeoutMs: 30_000 });
 * const result = await legs.step(hop, input, { signal });
 */
export function createLegClient(components: { libp2p: Libp2p }, init: LegClientInit = {}): LegClient {
  const pool = createChannelPool({ host: components.libp2p });
  const STEP = {
    protocol: PROTOCOL.step,
    request: StepInput,
    response: StepResult,
    responseName: "StepResult",
    timeoutMs: init.stepTimeoutMs ?? 30_000,
  };
  return {
    async step(hop, input, options = {}) {
      await pool.learnAddresses(hop.peerId, hop.addrs);
      const ch = await pool.open(toHex(hop.leaseId), hop.peerId, STEP, options);
      return ch.request(input, options);
    },
    /** `legLeaseIds`: 0x-hex lease ids. */
    async forget(legLeaseIds) {
      await Promise.all([...legLeaseIds].map((id) => pool.forget(id)));
    },
    stop() {
      return pool.stop();
    },
  };
}
