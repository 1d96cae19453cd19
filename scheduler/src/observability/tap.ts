/**
 * Tap an event hub: every event the session manager publishes (after its journal batch is durable)
 * also goes to `listener`. The observer sees exactly what WatchSession clients see, in order.
 */
import type { SessionEvent } from "@padmesh/proto";
import type { EventHub } from "../session/hub.js";

export function tapEventHub(
  hub: EventHub,
  listener: (sessionId: string, event: SessionEvent) => void,
  onError: (err: unknown) => void = () => {},
): EventHub {
  return {
    publish(sessionId, event) {
      hub.publish(sessionId, event);
      // Observing must never break the session manager's publish path.
      try {
        listener(sessionId, event);
      } catch (err) {
        onError(err);
      }
    },
    subscribe: (sessionId, l) => hub.subscribe(sessionId, l),
    watchers: (sessionId) => hub.watchers(sessionId),
  };
}
