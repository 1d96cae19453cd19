/**
 * A coordinator's calls to its session's legs: one ordered step stream per leg lease over
 * /padmesh/step/1.0.0, dialled at the addresses the scheduler sent with the leg. A leg on this
 * very node (a node may hold a session's coordination lease and one of its legs) is run by the
 * node's own step service: libp2p does not dial itself.
 */
import type { Libp2p } from "@libp2p/interface";
import { createChannelPool, PROTOCOL, StepInput, StepResult, toHex } from "@padmesh/proto";
import type { StepService } from "../steps/step-service.js";
import type { LegClient } from "./coordinate-service.js";

export interface LegClientInit {
  /** Deadline of one leg's step (default 30 s). */
  stepTimeoutMs?: number;
}

/**
 * @example
 * const legs = createLegClient({ libp2p, local: steps }, { stepTimeoutMs: 30_000 });
 * const result = await legs.step(hop, input, { signal });
 */
export function createLegClient(
  components: { libp2p: Libp2p; local: StepService },
  init: LegClientInit = {},
): LegClient {
  const pool = createChannelPool({ host: components.libp2p });
  const self = components.libp2p.peerId.toString();
  const STEP = {
    protocol: PROTOCOL.step,
    request: StepInput,
    response: StepResult,
    responseName: "StepResult",
    timeoutMs: init.stepTimeoutMs ?? 30_000,
  };
  return {
    async step(hop, input, options = {}) {
      if (hop.peerId === self)
        return components.local.handle(input, options.signal ? { signal: options.signal } : {});
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
